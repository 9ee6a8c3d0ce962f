"use client";

import { useSelectedLayoutSegment } from "next/navigation";
import type { ReactNode } from "react";
import type { ConversationSummary, PublicUser, UserWithPresence } from "@/lib/chat/types";
import { usePeople } from "@/lib/client/use-people";
import { ChatContext } from "./chat-context";
import { ConnectionBanner } from "./connection-banner";
import { PeopleNav } from "./people-nav";
import { SignOutButton } from "./sign-out-button";

interface Props {
  me: PublicUser;
  initialPeople: UserWithPresence[];
  initialConversations: ConversationSummary[];
  children: ReactNode;
}

/** The signed-in frame: header, connection banner, People beside (wide) or instead of (phone) the conversation. */
export function ChatShell({ me, initialPeople, initialConversations, children }: Props) {
  const people = usePeople(me, initialPeople, initialConversations);
  const conversationOpen = useSelectedLayoutSegment() === "c";

  return (
    <ChatContext value={{ me, people }}>
      <div className="flex h-dvh flex-col">
        <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-700">
          <p className="text-lg font-semibold">Chat</p>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600 dark:text-slate-300">
              Signed in as <strong className="text-slate-900 dark:text-slate-100">{me.username}</strong>
            </span>
            <SignOutButton />
          </div>
        </header>
        <ConnectionBanner />
        <div className="flex min-h-0 flex-1">
          <PeopleNav className={conversationOpen ? "hidden md:flex" : "flex"} />
          <main className={`${conversationOpen ? "flex" : "hidden md:flex"} min-w-0 flex-1 flex-col`}>{children}</main>
        </div>
      </div>
    </ChatContext>
  );
}
