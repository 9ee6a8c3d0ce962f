"use client";

import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { useDismiss } from "@/lib/client/use-dismiss";
import type { Profile } from "@/lib/chat/types";
import { shownName } from "@/lib/client/names";
import { NotificationsButton } from "./notifications-button";
import { SignOutButton } from "./sign-out-button";

/**
 * Who is signed in, notifications, settings and sign out. Inline in the desktop app bar; on a phone
 * behind a Menu button, so the list screen's header stays one line. One set of controls either way
 * (CSS decides where it shows), so each keeps one accessible name on the page. The phone panel
 * closes on Escape (focus back on Menu) and on a click outside it.
 */
export function AccountMenu({ me }: { me: Profile }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root, button);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="account-menu"
        onClick={() => setOpen((o) => !o)}
        className="min-h-11 rounded-md px-3 text-sm md:hidden"
      >
        Menu
      </button>
      <div
        id="account-menu"
        className={`${open ? "flex" : "hidden"} absolute right-0 z-20 mt-1 w-64 flex-col items-stretch gap-2 rounded-md border border-slate-300 bg-white p-3 text-sm shadow-lg md:static md:mt-0 md:flex md:w-auto md:flex-row md:items-center md:gap-3 md:border-0 md:bg-transparent md:p-0 md:shadow-none dark:border-slate-600 dark:bg-slate-900 md:dark:bg-transparent`}
      >
        <span className="whitespace-nowrap text-slate-600 dark:text-slate-300">
          Signed in as <bdi className="font-semibold text-slate-900 dark:text-slate-100">{shownName(me)}</bdi>
          {me.displayName !== null && <span className="sr-only"> (username {me.username})</span>}
        </span>
        <NotificationsButton />
        <Link
          href="/settings"
          prefetch={false}
          onClick={() => setOpen(false)}
          className="flex min-h-11 items-center rounded-md border border-slate-300 px-3 hover:bg-slate-100 md:min-h-0 md:py-1 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Settings
        </Link>
        <SignOutButton />
      </div>
    </div>
  );
}
