import type { Metadata } from "next";
import Link from "next/link";
import { ChangePasswordForm } from "@/components/change-password-form";
import { GroupInvitesSetting } from "@/components/group-invites-setting";
import { requireUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Settings · Chat" };

/** One screen for the account: who one is, who may add one to groups, and the password. */
export default async function SettingsPage() {
  const me = await requireUser();
  return (
    <section aria-labelledby="settings-title" className="flex min-h-0 flex-1 flex-col overflow-y-auto p-4">
      <Link href="/" className="mb-2 self-start rounded-md px-2 py-1 text-blue-700 md:hidden dark:text-blue-300" aria-label="Back to chats">
        ← Chats
      </Link>
      <h1 id="settings-title" className="mb-4 text-xl font-semibold">
        Settings
      </h1>
      <div className="flex max-w-lg flex-col gap-8">
        <section aria-labelledby="settings-profile">
          <h2 id="settings-profile" className="mb-2 text-lg font-semibold">
            Profile
          </h2>
          <p>
            Username: <strong>{me.username}</strong>
          </p>
        </section>
        <section aria-labelledby="settings-privacy">
          <h2 id="settings-privacy" className="mb-2 text-lg font-semibold">
            Privacy
          </h2>
          <GroupInvitesSetting />
        </section>
        <section aria-labelledby="settings-password">
          <h2 id="settings-password" className="mb-2 text-lg font-semibold">
            Change password
          </h2>
          <ChangePasswordForm username={me.username} />
        </section>
      </div>
    </section>
  );
}
