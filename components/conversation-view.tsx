"use client";

import Link from "next/link";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ConversationSummary, MessagePage } from "@/lib/chat/types";
import { deleteMessage } from "@/lib/client/api";
import { messageState, readersOf, receiptOf } from "@/lib/client/people-list";
import { useSocketEvent } from "@/lib/client/use-socket-event";
import { sendReceipt } from "@/lib/client/socket";
import { useConversation } from "@/lib/client/use-conversation";
import { typingText } from "@/lib/client/use-typing";
import { useTypingSender } from "@/lib/client/use-typing-sender";
import { useChat } from "./chat-context";
import { MessageComposer } from "./message-composer";
import { ConversationSettings } from "./conversation-settings";
import { MessageItem } from "./message-item";
import { JoinLobby } from "./join-lobby";
import { PresenceBadge } from "./presence-badge";

interface Props {
  initialSummary: ConversationSummary;
  initialPage: MessagePage;
}

// Within this many pixels of the end counts as "at the bottom", so a new message keeps it in view.
const BOTTOM_SLACK_PX = 48;

export function ConversationView({ initialSummary, initialPage }: Props) {
  const { me, state } = useChat();
  const conversationId = initialSummary.id;
  const conversation = useConversation(conversationId, me, initialPage);
  const { confirmed, pending } = conversation.messages;
  const summary = state.conversations.get(conversationId) ?? initialSummary;
  const { kind, peer, title } = summary;
  const peerReceipt = peer ? receiptOf(summary, peer.id) : undefined;
  const blocked = peer ? (state.people.get(peer.id)?.blocked ?? false) : false;
  const canDeleteAny = kind === "group" && summary.myRole === "admin";
  const [removed, setRemoved] = useState(false);
  useSocketEvent("conversation:changed", (change) => {
    if (change.conversationId === conversationId && change.removed) setRemoved(true);
  });
  const typing = typingText(state.typing.get(conversationId));
  const typingSender = useTypingSender(conversationId);

  const logRef = useRef<HTMLDivElement>(null);
  const topRef = useRef<HTMLLIElement>(null);
  const atBottom = useRef(true);
  const stickToBottom = useRef(false);
  // Height and first id before an older page is prepended, to hold the view still.
  const anchor = useRef<{ height: number; top: number; firstId: number | undefined } | null>(null);

  const firstId = confirmed[0]?.id;
  const count = confirmed.length + pending.length;

  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log) return;
    const before = anchor.current;
    if (before && before.firstId !== firstId) {
      log.scrollTop = before.top + (log.scrollHeight - before.height);
      anchor.current = null;
    } else if (atBottom.current || stickToBottom.current) {
      log.scrollTop = log.scrollHeight;
      stickToBottom.current = false;
    }
  }, [count, firstId]);

  const { hasOlder, loadingOlder, loadOlder } = conversation;
  useEffect(() => {
    const log = logRef.current;
    const top = topRef.current;
    if (!log || !top || !hasOlder) return;
    const observer = new IntersectionObserver(
      ([entry]) => {
        if (!entry?.isIntersecting || loadingOlder) return;
        anchor.current = { height: log.scrollHeight, top: log.scrollTop, firstId: confirmed[0]?.id };
        void loadOlder();
      },
      { root: log, rootMargin: "200px 0px 0px 0px" },
    );
    observer.observe(top);
    return () => observer.disconnect();
  }, [hasOlder, loadingOlder, loadOlder, confirmed]);

  // Read means: this tab is visible and scrolled to the end, so the newest message is on screen.
  const readUpTo = useRef(summary ? receiptOf(summary, me.id).lastReadId : 0);
  const newestConfirmed = confirmed.at(-1)?.id ?? 0;
  const markRead = useCallback(() => {
    if (newestConfirmed <= readUpTo.current) return;
    if (document.visibilityState !== "visible" || !atBottom.current) return;
    readUpTo.current = newestConfirmed;
    sendReceipt("read", conversationId, newestConfirmed);
  }, [conversationId, newestConfirmed]);

  useEffect(() => {
    markRead();
    document.addEventListener("visibilitychange", markRead);
    window.addEventListener("focus", markRead);
    return () => {
      document.removeEventListener("visibilitychange", markRead);
      window.removeEventListener("focus", markRead);
    };
  }, [markRead]);

  function onScroll() {
    const log = logRef.current;
    if (log) atBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight <= BOTTOM_SLACK_PX;
    markRead();
  }

  const onDelete = useCallback(async (messageId: number) => {
    await deleteMessage(conversationId, messageId);
  }, [conversationId]);

  function send(body: string) {
    stickToBottom.current = true;
    typingSender.sent();
    conversation.send(body);
  }

  return (
    <section aria-labelledby="conversation-title" className="flex min-h-0 flex-1 flex-col">
      {/* One line: back (phones), the name (it takes the room; the rest never squeezes it away), the
          status or who is typing under it, and the settings menu. */}
      <header className="flex items-center gap-1 border-b border-slate-200 px-2 py-1 md:gap-3 md:px-4 md:py-2 dark:border-slate-700">
        <Link
          href="/"
          className="flex size-11 shrink-0 items-center justify-center rounded-md text-xl text-blue-700 md:hidden dark:text-blue-300"
          aria-label="Back to chats"
        >
          <span aria-hidden="true">←</span>
        </Link>
        <div className="min-w-0 flex-1">
          <h1 id="conversation-title" className="truncate text-lg leading-tight font-semibold">
            <bdi>{title}</bdi>
          </h1>
          <div className="flex min-w-0 items-center text-xs leading-tight">
            {/* Announced as it changes; shown in place of the status while someone types. */}
            <p aria-live="polite" className={`${typing ? "" : "sr-only"} truncate text-blue-700 italic dark:text-blue-300`}>
              {typing}
            </p>
            {!typing &&
              (peer ? (
                <PresenceBadge user={state.people.get(peer.id)} />
              ) : (
                <span className="truncate text-slate-600 dark:text-slate-300">
                  {summary.memberCount} {kind === "lobby" ? (summary.memberCount === 1 ? "person" : "people") : "members"}
                  {summary.muted && " · muted"}
                </span>
              ))}
          </div>
        </div>
        <div className="shrink-0">{!removed && <ConversationSettings conversation={summary} />}</div>
      </header>
      <div
        ref={logRef}
        role="log"
        aria-label="Messages"
        tabIndex={0}
        onScroll={onScroll}
        className="min-h-0 flex-1 overflow-y-auto px-3 py-2"
      >
        <ol className="flex flex-col gap-2">
          {hasOlder ? (
            <li ref={topRef} className="flex justify-center">
              <button
                type="button"
                disabled={loadingOlder}
                onClick={() => {
                  const log = logRef.current;
                  if (log) anchor.current = { height: log.scrollHeight, top: log.scrollTop, firstId };
                  void loadOlder();
                }}
                className="rounded-md px-3 py-1 text-sm text-blue-700 underline dark:text-blue-300"
              >
                {loadingOlder ? "Loading older messages…" : "Load older messages"}
              </button>
            </li>
          ) : (
            confirmed.length > 0 && (
              <li className="text-center text-xs text-slate-600 dark:text-slate-300">
                {peer ? `Start of your conversation with ${peer.username}` : `Start of ${title}`}
              </li>
            )
          )}
          {confirmed.map((m) => (
            <MessageItem
              key={`${m.senderId}:${m.clientId}`}
              message={m}
              senderName={m.senderName}
              mine={m.senderId === me.id}
              state={m.senderId === me.id && kind === "private" ? messageState(m.id, peerReceipt) : undefined}
              readers={m.senderId === me.id && kind === "group" ? readersOf(m.id, summary, me.id) : undefined}
              onDelete={!removed && (m.senderId === me.id || canDeleteAny) ? onDelete : undefined}
            />
          ))}
          {pending.map((p) => (
            <MessageItem key={`${me.id}:${p.clientId}`} message={p} senderName={me.username} mine onRetry={conversation.retry} />
          ))}
        </ol>
        {count === 0 && (
          <p className="py-8 text-center text-slate-600 dark:text-slate-300">
            No messages yet. Say hello{peer ? ` to ${peer.username}` : ""}.
          </p>
        )}
      </div>
      {kind === "lobby" && !summary.joined ? (
        <JoinLobby conversationId={conversationId} onJoined={state.refresh} />
      ) : removed ? (
        <p role="status" className="border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-700">
          You are no longer a member of this group.
        </p>
      ) : blocked && peer ? (
        <p role="status" className="border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-700">
          You blocked {peer.username}. Unblock them in Conversation settings to write again.
        </p>
      ) : (
        <MessageComposer
          userId={me.id}
          conversationId={conversationId}
          onSend={send}
          onDraftChange={typingSender.onDraftChange}
        />
      )}
    </section>
  );
}
