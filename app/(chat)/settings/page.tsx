import type { Metadata } from "next";
import { Screen } from "@/components/screen";
import { ChangePasswordForm } from "@/components/change-password-form";
import { GroupInvitesSetting } from "@/components/group-invites-setting";
import { ProfileForm } from "@/components/profile-form";
import { requireUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Settings · Chat" };

/** One screen for the account: how one is shown, who may add one to groups, and the password. */
export default async function SettingsPage() {
  const me = await requireUser();
  return (
    <Screen id="settings-title" title="Settings">
      <div className="flex max-w-lg flex-col gap-8">
        <section aria-labelledby="settings-profile">
          <h2 id="settings-profile" className="mb-2 text-lg font-semibold">
            Profile
          </h2>
          <ProfileForm />
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
    </Screen>
  );
}
