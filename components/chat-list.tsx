"use client";

import Link from "next/link";
import { useMemo } from "react";
import { joinConversation } from "@/lib/client/api";
import { chatList, previewOf } from "@/lib/client/chat-list";
import { listTime } from "@/lib/client/dates";
import { chatTitle } from "@/lib/client/names";
import { useNow } from "@/lib/client/use-now";
import { useOpenByPost } from "@/lib/client/use-open-by-post";
import { typingText } from "@/lib/client/use-typing";
import { Avatar } from "./avatar";
import { useChat } from "./chat-context";
import { UnreadBadge } from "./unread-badge";

interface Props {
  openId: number | null;
  query: string;
  onNewChat: () => void;
  /** A chat was picked: the search is cleared. */
  onPick: () => void;
}

/**
 * Every conversation in one list (private chats, groups, the lobby), newest activity first, filtered
 * by the search box above it. Each row: avatar, name, when the last message was, its preview (with
 * who wrote it in groups), typing, unread and muted.
 */
export function ChatList({ openId, query, onNewChat, onPick }: Props) {
  const { me, state, timeZone } = useChat();
  const now = useNow(60_000);
  const chats = useMemo(() => chatList(state.conversations.values(), query, state.nameOf), [state.conversations, state.nameOf, query]);
  const lobby = [...state.conversations.values()].find((c) => c.kind === "lobby");
  // Opening the lobby from here joins it, by a POST; a link from elsewhere only shows it.
  const join = useOpenByPost(async () => {
    const joined = await joinConversation(lobby?.id ?? 0);
    state.refresh();
    return joined.id;
  });

  return (
    <nav aria-label="Chats" className="flex flex-col">
      <div className="flex items-center justify-between gap-2 px-4 pt-2 pb-1">
        <h2 className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">Chats</h2>
        <span className="flex items-center gap-1">
          <button type="button" onClick={onNewChat} className="min-h-11 rounded-md px-2 text-sm font-medium text-blue-700 underline dark:text-blue-300">
            New chat
          </button>
          <Link href="/groups/new" prefetch={false} className="flex min-h-11 items-center rounded-md px-2 text-sm font-medium text-blue-700 underline dark:text-blue-300">
            New group
          </Link>
        </span>
      </div>
      {join.error && (
        <p role="alert" className="px-4 py-2 text-sm text-red-700 dark:text-red-300">
          {join.error}
        </p>
      )}
      {chats.length === 0 && (
        <p className="px-4 py-2 text-sm text-slate-600 dark:text-slate-300">{query ? "No chats match." : "No chats yet."}</p>
      )}
      <ul>
        {chats.map((chat) => {
          const current = chat.id === openId;
          const typing = typingText(state.typing.get(chat.id), state.nameOf);
          const peer = chat.peer ? state.people.get(chat.peer.id) : undefined;
          const last = chat.lastMessage;
          const title = chatTitle(chat, state.nameOf);
          return (
            <li key={chat.id}>
              <Link
                href={`/c/${chat.id}`}
                onClick={(event) => {
                  onPick();
                  if (chat.kind === "lobby" && !chat.joined) join.onClick(event);
                }}
                prefetch={false}
                aria-current={current ? "page" : undefined}
                data-chat-id={chat.id}
                className={`flex items-center gap-3 px-4 py-2 hover:bg-slate-100 dark:hover:bg-slate-800 ${current ? "bg-blue-50 dark:bg-slate-800" : ""}`}
              >
                <Avatar name={title} colourKey={chat.peer?.username ?? chat.title} photoUrl={peer?.avatarUrl} group={chat.kind !== "private"} online={peer?.online} />
                <span className="flex min-w-0 flex-1 flex-col">
                  <span className="flex items-baseline justify-between gap-2">
                    <bdi className="truncate font-medium">{title}</bdi>
                    {peer && <span className="sr-only"> {peer.online ? "online" : "offline"}</span>}
                    {peer?.blocked && (
                      <span className="text-xs text-slate-600 dark:text-slate-300">
                        <span className="sr-only">, </span>blocked
                      </span>
                    )}{" "}
                    {last && (
                      <time dateTime={last.createdAt} suppressHydrationWarning className="ml-auto shrink-0 text-xs text-slate-600 dark:text-slate-300">
                        {listTime(last.createdAt, new Date(now), timeZone)}
                      </time>
                    )}
                  </span>
                  <span className="flex items-center justify-between gap-2 text-sm">
                    {typing ? (
                      <span className="truncate text-blue-700 italic dark:text-blue-300">{typing}</span>
                    ) : (
                      <bdi className="truncate text-slate-600 dark:text-slate-300">
                        {chat.kind === "lobby" && !last ? "Everyone who signs up" : previewOf(chat, me.id, state.nameOf)}
                      </bdi>
                    )}{" "}
                    <span className="flex shrink-0 items-center gap-1">
                      {chat.muted && (
                        <span className="text-xs text-slate-600 dark:text-slate-300">
                          <span className="sr-only">, </span>muted
                        </span>
                      )}
                      {chat.mentioned && chat.unreadCount > 0 && (
                        <span data-mentioned className="flex size-5 shrink-0 items-center justify-center rounded-full bg-blue-700 text-xs font-bold text-white">
                          @<span className="sr-only"> mentioned you</span>
                        </span>
                      )}
                      <UnreadBadge count={chat.unreadCount} muted={chat.muted} />
                    </span>
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
