"use client";

import { useConnectionStatus } from "@/lib/client/use-connection-status";

export function ConnectionBanner() {
  const status = useConnectionStatus();
  const text =
    status === "offline"
      ? "Connection lost. Reconnecting…"
      : status === "restored"
        ? "Connection restored."
        : "";
  const tone =
    status === "offline"
      ? "bg-amber-100 text-amber-950 dark:bg-amber-900 dark:text-amber-50"
      : "bg-emerald-100 text-emerald-950 dark:bg-emerald-900 dark:text-emerald-50";
  // The live region stays mounted so screen readers announce each change.
  return (
    <div role="status" aria-live="polite" className={text ? `px-4 py-2 text-sm font-medium ${tone}` : "sr-only"}>
      {text}
    </div>
  );
}
