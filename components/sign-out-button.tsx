"use client";

import { signOutAction } from "@/app/actions";
import { closeSocket } from "@/lib/client/socket";

export function SignOutButton() {
  return (
    <form action={signOutAction} onSubmit={() => closeSocket()}>
      <button
        type="submit"
        className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        Sign out
      </button>
    </form>
  );
}
