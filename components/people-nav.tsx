"use client";

import Link from "next/link";
import { useMemo, useRef, type MouseEvent, type RefObject } from "react";
import { startPrivateConversation } from "@/lib/client/api";
import { findPeople } from "@/lib/client/chat-list";
import { shownName } from "@/lib/client/names";
import { useOpenByPost } from "@/lib/client/use-open-by-post";
import { Avatar } from "./avatar";
import { FIND_PEOPLE_ID } from "./element-ids";
import { useChat } from "./chat-context";
import { PersonName } from "./person-name";
import { PresenceBadge } from "./presence-badge";

interface Props {
  openId: number | null;
  query: string;
  onQueryChange: (query: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/**
 * The search at the top of the list: what is typed finds people here (to start or open a private
 * chat) and filters the chat list below. Nobody is listed until something is typed: a site with a
 * thousand people would otherwise be a thousand rows to scroll.
 */
export function PeopleNav({ openId, query, onQueryChange, searchRef }: Props) {
  const { me, state } = useChat();
  const matches = useMemo(() => findPeople(state.people.values(), query), [state.people, query]);
  const chatWith = useMemo(
    () => new Map([...state.conversations.values()].flatMap((c) => (c.peer ? [[c.peer.id, c.id] as const] : []))),
    [state.conversations],
  );
  // Someone I have not talked with yet: the conversation is created by a POST, then opened.
  const starting = useRef<number | null>(null);
  const start = useOpenByPost(() => startPrivateConversation(starting.current ?? 0));
  const startWith = (userId: number, event: MouseEvent<HTMLElement>) => {
    starting.current = userId;
    start.onClick(event);
  };
  const others = state.people.size;

  return (
    <nav aria-label="People" className="flex flex-col border-b border-slate-200 pb-2 dark:border-slate-700">
      <div className="px-3 pt-3">
        <input
          ref={searchRef}
          id={FIND_PEOPLE_ID}
          type="search"
          aria-label="Find people"
          placeholder="Find people and chats"
          value={query}
          onChange={(event) => onQueryChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape" && query) {
              event.preventDefault();
              onQueryChange("");
            }
          }}
          autoComplete="off"
          className="w-full rounded-full border border-slate-300 bg-slate-50 px-4 py-2 text-base dark:border-slate-600 dark:bg-slate-800"
        />
      </div>
      {start.error && (
        <p role="alert" className="px-4 py-2 text-sm text-red-700 dark:text-red-300">
          {start.error}
        </p>
      )}
      {query.trim() !== "" && (
        <>
          <h2 className="px-4 pt-3 pb-1 text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">People</h2>
          <p role="status" className="sr-only">
            {matches.length === 0 ? "No one matches" : `${matches.length} ${matches.length === 1 ? "person matches" : "people match"}`}
          </p>
          {matches.length === 0 ? (
            <p className="px-4 py-1 text-sm text-slate-600 dark:text-slate-300">No one by that name.</p>
          ) : (
            <ul>
              {matches.map((user) => {
                const chatId = chatWith.get(user.id);
                return (
                  <li key={user.id}>
                    <Link
                      href={chatId ? `/c/${chatId}` : `/with/${user.id}`}
                      onClick={(event) => {
                        // Picked: the search has done its work, and the whole chat list comes back.
                        onQueryChange("");
                        if (!chatId) startWith(user.id, event);
                      }}
                      prefetch={false}
                      aria-current={chatId !== undefined && chatId === openId ? "page" : undefined}
                      className="flex items-center gap-3 px-4 py-2 hover:bg-slate-100 dark:hover:bg-slate-800"
                    >
                      <Avatar name={shownName(user)} colourKey={user.username} photoUrl={user.avatarUrl} online={user.online} size="sm" />
                      <span className="flex min-w-0 flex-1 items-center justify-between gap-2">
                        <PersonName person={user} />{" "}
                        <span className="flex shrink-0 items-center gap-2">
                          <PresenceBadge user={user} />
                          {user.blocked && (
                            <span className="rounded bg-slate-200 px-1.5 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100">
                              <span className="sr-only">, </span>blocked
                            </span>
                          )}
                        </span>
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      {others === 0 && query.trim() === "" && (
        <p className="px-4 pt-2 text-sm text-slate-600 dark:text-slate-300">
          Nobody else is here yet, {shownName(me)}. Share the link with someone to start chatting.
        </p>
      )}
    </nav>
  );
}
