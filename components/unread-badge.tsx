import { UNREAD_CAP } from "@/lib/chat/types";

/** "3 unread" ("99+" past the cap); grey for a muted conversation. Nothing when there is none. */
export function UnreadBadge({ count, muted = false }: { count: number; muted?: boolean }) {
  if (count <= 0) return null;
  return (
    <span
      className={`shrink-0 rounded-full px-2 text-xs font-semibold ${
        muted ? "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100" : "bg-blue-700 text-white"
      }`}
    >
      {count >= UNREAD_CAP ? `${UNREAD_CAP - 1}+` : count}
      <span className="sr-only"> unread</span>
    </span>
  );
}
