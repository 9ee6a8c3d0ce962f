"use client";

import { useParams, useRouter, useSelectedLayoutSegment } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { ConversationSummary, PublicUser, UserWithPresence } from "@/lib/chat/types";
import { notifyMessage } from "@/lib/client/use-notifications";
import { useChatState } from "@/lib/client/use-chat-state";
import { useSocketEvent } from "@/lib/client/use-socket-event";
import { rememberTimeZone } from "@/lib/time-zone";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { useUnreadTitle } from "@/lib/client/use-unread-title";
import { ChatContext } from "./chat-context";
import { ConnectionBanner } from "./connection-banner";
import { AccountMenu } from "./account-menu";
import { PeopleNav } from "./people-nav";
import { ChatList } from "./chat-list";

interface Props {
  me: PublicUser;
  initialPeople: UserWithPresence[];
  initialConversations: ConversationSummary[];
  initialCursor: string;
  serverTimeZone: string;
  children: ReactNode;
}

/** The signed-in frame: header, connection banner, People beside (wide) or instead of (phone) the conversation. */
export function ChatShell({ me, initialPeople, initialConversations, initialCursor, serverTimeZone, children }: Props) {
  const segment = useSelectedLayoutSegment();
  const conversationOpen = segment === "c";
  // On a phone the main pane (a conversation, or the new-group form) replaces the lists.
  const mainOpen = conversationOpen || segment === "groups";
  const params = useParams<{ id?: string }>();
  const openId = conversationOpen && params.id ? Number(params.id) : null;
  const state = useChatState(me, openId, initialPeople, initialConversations, initialCursor);
  const router = useRouter();

  useUnreadTitle(state.totalUnread);
  const [query, setQuery] = useState("");
  const searchRef = useRef<HTMLInputElement>(null);
  const timeZone = useTimeZone(serverTimeZone);
  useEffect(rememberTimeZone, []);

  useSocketEvent("message:new", (message) => {
    const muted = state.conversations.get(message.conversationId)?.muted ?? false;
    if (message.senderId !== me.id && message.kind === "text" && !muted && document.visibilityState === "hidden") {
      notifyMessage(message.senderName, message.body, message.conversationId, (path) => router.push(path));
    }
  });

  return (
    <ChatContext value={{ me, state, timeZone }}>
      <div className="flex h-dvh flex-col">
        {/* One line on desktop; on a phone only on the list screen, where the account controls sit behind Menu. */}
        <header
          className={`${mainOpen ? "hidden md:flex" : "flex"} items-center justify-between gap-2 border-b border-slate-200 px-4 py-1 md:py-2 dark:border-slate-700`}
        >
          <p className="text-lg font-semibold">Chat</p>
          <AccountMenu me={me} />
        </header>
        <ConnectionBanner />
        <div className="flex min-h-0 flex-1">
          <div
            className={`${mainOpen ? "hidden md:flex" : "flex"} w-full flex-col overflow-y-auto border-slate-200 md:w-80 md:shrink-0 md:border-r dark:border-slate-700`}
          >
            <PeopleNav openId={openId} query={query} onQueryChange={setQuery} searchRef={searchRef} />
            <ChatList openId={openId} query={query} onNewChat={() => searchRef.current?.focus()} onPick={() => setQuery("")} />
          </div>
          <main className={`${mainOpen ? "flex" : "hidden md:flex"} min-w-0 flex-1 flex-col`}>{children}</main>
        </div>
      </div>
    </ChatContext>
  );
}
