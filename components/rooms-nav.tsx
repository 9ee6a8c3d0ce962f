"use client";

import Link from "next/link";
import { joinConversation } from "@/lib/client/api";
import { useOpenByPost } from "@/lib/client/use-open-by-post";
import type { ConversationSummary } from "@/lib/chat/types";
import { typingText } from "@/lib/client/use-typing";
import { useChat } from "./chat-context";
import { UnreadBadge } from "./unread-badge";

function lastLine(conversation: ConversationSummary): string {
  const last = conversation.lastMessage;
  if (!last) return "";
  if (last.kind === "notice") return last.body;
  return `${last.senderName}: ${last.deleted ? "message deleted" : last.body}`;
}

/** The lobby (always first) and my groups, newest activity first, and the way to start a group. */
export function RoomsNav({ openId }: { openId: number | null }) {
  const { state } = useChat();
  const lobby = [...state.conversations.values()].find((c) => c.kind === "lobby");
  // Opening the lobby from here joins it, by a POST; a link from elsewhere only shows it.
  const join = useOpenByPost(async () => {
    const joined = await joinConversation(lobby?.id ?? 0);
    state.refresh();
    return joined.id;
  });
  const rooms = [...state.conversations.values()].filter((c) => c.kind !== "private");

  return (
    <nav aria-label="Rooms" className="flex flex-col border-b border-slate-200 dark:border-slate-700">
      <div className="flex items-center justify-between px-4 pt-3 pb-2">
        <h2 className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">Rooms</h2>
        <Link href="/groups/new" prefetch={false} className="rounded-md px-2 py-1 text-sm font-medium text-blue-700 underline dark:text-blue-300">
          New group
        </Link>
      </div>
      {join.error && (
        <p role="alert" className="px-4 py-2 text-sm text-red-700 dark:text-red-300">
          {join.error}
        </p>
      )}
      <ul>
        {rooms.map((room) => {
          const current = room.id === openId;
          const typing = typingText(state.typing.get(room.id));
          return (
            <li key={room.id}>
              <Link
                href={`/c/${room.id}`}
                onClick={room.kind === "lobby" && !room.joined ? join.onClick : undefined}
                prefetch={false}
                aria-current={current ? "page" : undefined}
                className={`flex flex-col gap-0.5 px-4 py-2 hover:bg-slate-100 dark:hover:bg-slate-800 ${current ? "bg-blue-50 dark:bg-slate-800" : ""}`}
              >
                <span className="flex items-center justify-between gap-2">
                  <bdi className="truncate font-medium">{room.title}</bdi>{" "}
                  <span className="shrink-0 text-xs text-slate-600 dark:text-slate-300">
                    {room.kind === "lobby" ? "everyone" : `${room.memberCount} members`}
                    {room.muted && ", muted"}
                  </span>
                </span>{" "}
                <span className="flex items-center justify-between gap-2 text-sm">
                  {typing ? (
                    <span className="truncate text-blue-700 italic dark:text-blue-300">{typing}</span>
                  ) : (
                    <bdi className="truncate text-slate-600 dark:text-slate-300">{lastLine(room)}</bdi>
                  )}{" "}
                  <UnreadBadge count={room.unreadCount} muted={room.muted} />
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
