"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { useChat } from "./chat-context";
import { PresenceBadge } from "./presence-badge";

export function PeopleNav({ className }: { className: string }) {
  const { me, people } = useChat();
  const params = useParams<{ id?: string }>();
  const openId = params.id ? Number(params.id) : null;

  return (
    <nav
      aria-label="People"
      className={`${className} w-full flex-col border-slate-200 md:w-80 md:shrink-0 md:border-r dark:border-slate-700`}
    >
      <h2 className="px-4 pt-3 pb-2 text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
        People
      </h2>
      {people.entries.length === 0 ? (
        <p className="px-4 py-2 text-sm text-slate-600 dark:text-slate-300">
          Nobody else is here yet. Share the link with someone to start chatting.
        </p>
      ) : (
        <ul className="min-h-0 flex-1 overflow-y-auto">
          {people.entries.map(({ user, conversationId, lastMessage }) => {
            const current = conversationId !== null && conversationId === openId;
            return (
              <li key={user.id}>
                <Link
                  href={conversationId !== null ? `/c/${conversationId}` : `/with/${user.id}`}
                  prefetch={false}
                  aria-current={current ? "page" : undefined}
                  className={`flex flex-col gap-0.5 px-4 py-3 hover:bg-slate-100 dark:hover:bg-slate-800 ${
                    current ? "bg-blue-50 dark:bg-slate-800" : ""
                  }`}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="truncate font-medium">{user.username}</span>{" "}
                    <PresenceBadge online={user.online} />
                  </span>{" "}
                  {lastMessage && (
                    <span className="truncate text-sm text-slate-600 dark:text-slate-300">
                      {lastMessage.senderId === me.id ? `${me.username}: ` : ""}
                      {lastMessage.body}
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
