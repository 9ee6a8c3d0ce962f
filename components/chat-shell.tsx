"use client";

import { useParams, useRouter, useSelectedLayoutSegment } from "next/navigation";
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import type { ConversationSummary, Profile, UserWithPresence } from "@/lib/chat/types";
import { notifyMessage } from "@/lib/client/use-notifications";
import { mentions } from "@/lib/mentions";
import { useChatState } from "@/lib/client/use-chat-state";
import { useSocketEvent } from "@/lib/client/use-socket-event";
import { adjacentChat, chatList } from "@/lib/client/chat-list";
import { rememberTimeZone } from "@/lib/time-zone";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { useUnreadTitle } from "@/lib/client/use-unread-title";
import { ChatContext } from "./chat-context";
import { ConnectionBanner } from "./connection-banner";
import { AccountMenu } from "./account-menu";
import { PeopleNav } from "./people-nav";
import { ChatList } from "./chat-list";
import { FIND_PEOPLE_ID, MESSAGE_BOX_ID } from "./element-ids";

// Loaded on the first Ctrl+K, not with every page: most visits never open it.
const ChatSwitcher = lazy(() => import("./chat-switcher").then((m) => ({ default: m.ChatSwitcher })));

interface Props {
  me: Profile;
  initialPeople: UserWithPresence[];
  initialConversations: ConversationSummary[];
  initialCursor: string;
  serverTimeZone: string;
  children: ReactNode;
}

/** The signed-in frame: header, connection banner, People beside (wide) or instead of (phone) the conversation. */
export function ChatShell({ me: initialMe, initialPeople, initialConversations, initialCursor, serverTimeZone, children }: Props) {
  const segment = useSelectedLayoutSegment();
  const conversationOpen = segment === "c";
  // On a phone the main pane (a conversation, or the new-group form) replaces the lists.
  const mainOpen = conversationOpen || segment === "groups" || segment === "settings";
  const params = useParams<{ id?: string }>();
  const openId = conversationOpen && params.id ? Number(params.id) : null;
  const state = useChatState(initialMe, openId, initialPeople, initialConversations, initialCursor);
  const { me } = state;
  const router = useRouter();

  useUnreadTitle(state.totalUnread);
  const [query, setQuery] = useState("");
  const searchRef = useRef<HTMLInputElement>(null);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  // Once loaded it stays mounted, so closing it can hand the focus back.
  const [switcherLoaded, setSwitcherLoaded] = useState(false);

  // Keys that work everywhere: Ctrl+K (⌘K) finds a chat; Alt+↑/↓ go to the chat above or below.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setSwitcherLoaded(true);
        setSwitcherOpen(true);
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        const next = adjacentChat(chatList(state.conversations.values(), "", state.nameOf), openId, event.key === "ArrowDown" ? 1 : -1);
        if (!next) return;
        event.preventDefault();
        router.push(`/c/${next.id}`);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [state.conversations, state.nameOf, openId, router]);
  const timeZone = useTimeZone(serverTimeZone);
  useEffect(rememberTimeZone, []);

  useSocketEvent("message:new", (message) => {
    const muted = state.conversations.get(message.conversationId)?.muted ?? false;
    // Muting silences a conversation, not someone calling me by name.
    const wanted = !muted || mentions(message.body, me.username);
    if (message.senderId !== me.id && message.kind === "text" && wanted && document.visibilityState === "hidden") {
      notifyMessage(state.nameOf(message.senderId, message.senderName), message.body, message.conversationId, (path) => router.push(path));
    }
  });

  return (
    <ChatContext value={{ me, state, timeZone }}>
      <div className="flex h-dvh flex-col">
        {/* The first Tab stop: straight to writing (in a chat) or to the search (elsewhere). */}
        <a
          href={conversationOpen ? `#${MESSAGE_BOX_ID}` : `#${FIND_PEOPLE_ID}`}
          onClick={(event) => {
            const target = document.getElementById(conversationOpen ? MESSAGE_BOX_ID : FIND_PEOPLE_ID);
            if (!target) return;
            event.preventDefault();
            target.focus();
          }}
          className="sr-only z-50 rounded-md bg-blue-700 px-4 py-2 font-medium text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
        >
          {conversationOpen ? "Skip to message box" : "Skip to search"}
        </a>
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
      {switcherLoaded && (
        <Suspense fallback={null}>
          <ChatSwitcher open={switcherOpen} onClose={() => setSwitcherOpen(false)} />
        </Suspense>
      )}
    </ChatContext>
  );
}
