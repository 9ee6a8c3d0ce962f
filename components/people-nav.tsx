"use client";

import Link from "next/link";
import { useRef, type MouseEvent } from "react";
import { startPrivateConversation } from "@/lib/client/api";
import { useOpenByPost } from "@/lib/client/use-open-by-post";
import { typingText } from "@/lib/client/use-typing";
import { useChat } from "./chat-context";
import { PresenceBadge } from "./presence-badge";
import { UnreadBadge } from "./unread-badge";

export function PeopleNav({ openId }: { openId: number | null }) {
  const { me, state } = useChat();
  // Someone I have not talked with yet: the conversation is created by a POST, then opened.
  const starting = useRef<number | null>(null);
  const start = useOpenByPost(() => startPrivateConversation(starting.current ?? 0));
  const startWith = (userId: number, event: MouseEvent<HTMLElement>) => {
    starting.current = userId;
    start.onClick(event);
  };

  return (
    <nav aria-label="People" className="flex flex-col">
      <h2 className="px-4 pt-3 pb-2 text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
        People
      </h2>
      {start.error && (
        <p role="alert" className="px-4 py-2 text-sm text-red-700 dark:text-red-300">
          {start.error}
        </p>
      )}
      {state.entries.length === 0 ? (
        <p className="px-4 py-2 text-sm text-slate-600 dark:text-slate-300">
          Nobody else is here yet. Share the link with someone to start chatting.
        </p>
      ) : (
        <ul>
          {state.entries.map(({ user, conversation }) => {
            const current = conversation !== null && conversation.id === openId;
            const typing = conversation ? typingText(state.typing.get(conversation.id)) : "";
            const last = conversation?.lastMessage;
            return (
              <li key={user.id}>
                <Link
                  href={conversation ? `/c/${conversation.id}` : `/with/${user.id}`}
                  onClick={conversation ? undefined : (event) => startWith(user.id, event)}
                  prefetch={false}
                  aria-current={current ? "page" : undefined}
                  className={`flex flex-col gap-0.5 px-4 py-3 hover:bg-slate-100 dark:hover:bg-slate-800 ${
                    current ? "bg-blue-50 dark:bg-slate-800" : ""
                  }`}
                >
                  <span className="flex items-center justify-between gap-2">
                    <bdi className="truncate font-medium">{user.username}</bdi>{" "}
                    <span className="flex shrink-0 items-center gap-2">
                      <PresenceBadge user={user} />
                      {user.blocked && <span className="rounded bg-slate-200 px-1.5 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100"><span className="sr-only">, </span>blocked</span>}
                      {conversation?.muted && <span className="text-xs text-slate-600 dark:text-slate-300"><span className="sr-only">, </span>muted</span>}
                    </span>
                  </span>{" "}
                  <span className="flex items-center justify-between gap-2 text-sm">
                    {typing ? (
                      <span className="truncate text-blue-700 italic dark:text-blue-300">{typing}</span>
                    ) : last ? (
                      <bdi className="truncate text-slate-600 dark:text-slate-300">
                        {last.senderId === me.id ? `${me.username}: ` : ""}
                        {last.deleted ? "message deleted" : last.body}
                      </bdi>
                    ) : (
                      <span />
                    )}{" "}
                    <UnreadBadge count={conversation?.unreadCount ?? 0} muted={conversation?.muted ?? false} />
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
