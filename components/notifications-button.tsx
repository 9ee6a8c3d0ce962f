"use client";

import { useNotificationPermission } from "@/lib/client/use-notifications";

/** Asks for notification permission only when clicked, never on page load. */
export function NotificationsButton() {
  const { permission, request } = useNotificationPermission();
  if (permission !== "default") return null;
  return (
    <button
      type="button"
      onClick={() => void request()}
      className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
    >
      Enable notifications
    </button>
  );
}
