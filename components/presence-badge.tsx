"use client";

import type { UserWithPresence } from "@/lib/chat/types";
import { lastSeenText } from "@/lib/client/relative-time";
import { useNow } from "@/lib/client/use-now";

/** "online", or "offline" with the last-seen time where known; words, not just a coloured dot. */
export function PresenceBadge({ user }: { user: Pick<UserWithPresence, "online" | "lastSeenAt"> | undefined }) {
  const now = useNow();
  const online = user?.online ?? false;
  return (
    <span className="flex min-w-0 items-center gap-1.5 truncate text-xs text-slate-600 dark:text-slate-300">
      <span
        aria-hidden="true"
        className={`inline-block size-2 rounded-full ${online ? "bg-emerald-600" : "bg-slate-400 dark:bg-slate-500"}`}
      />
      {online ? (
        "online"
      ) : user?.lastSeenAt ? (
        <span suppressHydrationWarning>
          <span className="sr-only">offline, </span>
          {lastSeenText(user.lastSeenAt, now)}
        </span>
      ) : (
        "offline"
      )}
    </span>
  );
}
