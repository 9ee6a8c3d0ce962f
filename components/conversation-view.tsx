"use client";

import Link from "next/link";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from "react";
import type { ChatMessage, ConversationSummary, MessagePage, ReplyQuote } from "@/lib/chat/types";
import { shownQuote } from "@/lib/chat/quotes";
import { deleteMessage } from "@/lib/client/api";
import { dayLabel } from "@/lib/client/dates";
import { logRows } from "@/lib/client/log-rows";
import type { PendingAttachment } from "@/lib/client/message-list";
import { useAttachments } from "@/lib/client/use-attachments";
import { EDIT_WINDOW_MS } from "@/lib/limits";
import { chatTitle, shownName } from "@/lib/client/names";
import { useNow } from "@/lib/client/use-now";
import { messageState, readersOf, receiptOf } from "@/lib/client/people-list";
import { useSocketEvent } from "@/lib/client/use-socket-event";
import { sendReceipt } from "@/lib/client/socket";
import { useConversation } from "@/lib/client/use-conversation";
import { typingText } from "@/lib/client/use-typing";
import { useTypingSender } from "@/lib/client/use-typing-sender";
import { Avatar } from "./avatar";
import { useChat } from "./chat-context";
import { MessageComposer } from "./message-composer";
import { ConversationSettings } from "./conversation-settings";
import { useConfirm } from "./confirm-dialog";
import type { MessageAction } from "./message-actions";
import { MessageItem } from "./message-item";
import { JoinLobby } from "./join-lobby";
import { PresenceBadge } from "./presence-badge";

interface Props {
  initialSummary: ConversationSummary;
  initialPage: MessagePage;
}

// Within this many pixels of the end counts as "at the bottom", so a new message keeps it in view.
const BOTTOM_SLACK_PX = 48;
// Pages loaded at most to reach the first unread message on opening; past that the divider is skipped.
const UNREAD_PAGES_MAX = 5;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const summaryMembers = (c: ConversationSummary) => (c.members.length > 0 ? c.members : c.peer ? [c.peer] : []);

// How long the original a quote led to stays marked.
const HIGHLIGHT_MS = 2000;
// Older pages loaded at most to reach a quoted message (100 messages each).
const SEEK_PAGES_MAX = 50;


export function ConversationView({ initialSummary, initialPage }: Props) {
  const { me, state, timeZone } = useChat();
  const conversationId = initialSummary.id;
  const conversation = useConversation(conversationId, me, initialPage);
  const { confirmed, pending } = conversation.messages;
  const summary = state.conversations.get(conversationId) ?? initialSummary;
  const { kind, peer } = summary;
  const title = chatTitle(summary, state.nameOf);
  const peerName = peer ? state.nameOf(peer.id, peer.username) : "";
  // Usernames that are people: only these are highlighted as mentions.
  const usernames = useMemo(() => new Set([me.username, ...[...state.people.values()].map((p) => p.username)]), [state.people, me.username]);
  const isPerson = useCallback((username: string) => usernames.has(username), [usernames]);
  // Who `@` offers: the members (everyone in the lobby), as their names show, me left out.
  const mentionable = useMemo(() => {
    const people =
      initialSummary.kind === "lobby" ? [...state.people.values()].map((p) => ({ id: p.id, username: p.username })) : summaryMembers(state.conversations.get(conversationId) ?? initialSummary);
    return people.filter((p) => p.id !== me.id).map((p) => ({ username: p.username, name: state.nameOf(p.id, p.username) }));
  }, [state, conversationId, initialSummary, me.id]);
  const nameOfId = useCallback((userId: number) => state.nameOf(userId, userId === me.id ? me.username : "someone"), [state, me]);
  const readerNames = (messageId: number) =>
    readersOf(messageId, summary, me.id)
      .map((r) => state.nameOf(r.id, r.username))
      .sort((a, b) => a.localeCompare(b));
  const peerReceipt = peer ? receiptOf(summary, peer.id) : undefined;
  const blocked = peer ? (state.people.get(peer.id)?.blocked ?? false) : false;
  const canDeleteAny = kind === "group" && summary.myRole === "admin";
  const [removed, setRemoved] = useState(false);
  useSocketEvent("conversation:changed", (change) => {
    if (change.conversationId === conversationId && change.removed) setRemoved(true);
  });
  const typing = typingText(state.typing.get(conversationId), state.nameOf);
  const typingSender = useTypingSender(conversationId);
  const [confirmDialog, confirm] = useConfirm();
  const now = useNow(60_000);

  const logRef = useRef<HTMLDivElement>(null);
  const topRef = useRef<HTMLLIElement>(null);
  const dividerRef = useRef<HTMLLIElement>(null);
  const atBottomRef = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const stickToBottom = useRef(false);
  const placed = useRef(false);
  // Height and first id before an older page is prepended, to hold the view still.
  const anchor = useRef<{ height: number; top: number; firstId: number | undefined } | null>(null);

  // Where reading stood when the chat was opened: the "N unread messages" divider goes after it, and
  // stays while the chat is open (until I write), as in Slack and WhatsApp.
  const [readAtOpen, setReadAtOpen] = useState<number | null>(() => {
    const opened = state.conversations.get(conversationId) ?? initialSummary;
    return opened.unreadCount > 0 ? receiptOf(opened, me.id).lastReadId : null;
  });
  const firstId = confirmed[0]?.id;
  const { hasOlder, loadingOlder, loadOlder } = conversation;
  const [unreadPages, setUnreadPages] = useState(0);
  // The divider can be placed once the loaded history reaches back to where reading stood.
  const dividerKnown = readAtOpen === null || !hasOlder || (firstId ?? 0) <= readAtOpen || unreadPages >= UNREAD_PAGES_MAX;
  useEffect(() => {
    if (dividerKnown || loadingOlder) return;
    // A failed load gives up on the divider rather than retrying in a loop.
    loadOlder().then(
      () => setUnreadPages((n) => n + 1),
      () => setUnreadPages(UNREAD_PAGES_MAX),
    );
  }, [dividerKnown, loadingOlder, loadOlder]);

  const rows = useMemo(
    () => logRows([...confirmed, ...pending], { myId: me.id, readUpTo: dividerKnown ? readAtOpen : null, timeZone }),
    [confirmed, pending, me.id, dividerKnown, readAtOpen, timeZone],
  );
  const count = confirmed.length + pending.length;

  function noteScroll() {
    const log = logRef.current;
    if (!log) return;
    const bottom = log.scrollHeight - log.scrollTop - log.clientHeight <= BOTTOM_SLACK_PX;
    atBottomRef.current = bottom;
    setAtBottom(bottom);
  }

  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log || !dividerKnown) return;
    const before = anchor.current;
    if (!placed.current) {
      // Opening: on the unread divider when there is one, else at the end.
      placed.current = true;
      const divider = dividerRef.current;
      log.scrollTop = divider ? divider.offsetTop - 8 : log.scrollHeight;
      anchor.current = null;
    } else if (before && before.firstId !== firstId) {
      log.scrollTop = before.top + (log.scrollHeight - before.height);
      anchor.current = null;
    } else if (atBottomRef.current || stickToBottom.current) {
      log.scrollTop = log.scrollHeight;
      stickToBottom.current = false;
    }
    noteScroll();
  }, [count, firstId, dividerKnown]);

  useEffect(() => {
    const log = logRef.current;
    const top = topRef.current;
    if (!log || !top || !hasOlder || !placed.current) return;
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
  }, [hasOlder, loadingOlder, loadOlder, confirmed, dividerKnown]);

  // Read means seen: a message counts once it was on screen, in a visible tab. Not merely loaded.
  const readAtStart = receiptOf(summary, me.id).lastReadId;
  const readUpTo = useRef(readAtStart);
  const onScreen = useRef(new Set<number>());
  const [seenUpTo, setSeenUpTo] = useState(readAtStart);
  const noteSeen = useCallback(() => {
    if (document.visibilityState !== "visible" || onScreen.current.size === 0) return;
    const newest = Math.max(...onScreen.current);
    setSeenUpTo((seen) => Math.max(seen, newest));
    if (newest <= readUpTo.current) return;
    readUpTo.current = newest;
    sendReceipt("read", conversationId, newest);
  }, [conversationId]);

  const visibility = useRef<IntersectionObserver | null>(null);
  useEffect(() => {
    const log = logRef.current;
    if (!log) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = Number((entry.target as HTMLElement).dataset.messageId);
          const rootHeight = entry.rootBounds?.height ?? 0;
          // Most of it, or, for one taller than the screen, half the screen's worth of it.
          const shown = entry.isIntersecting && (entry.intersectionRatio >= 0.6 || entry.intersectionRect.height >= rootHeight / 2);
          if (shown) onScreen.current.add(id);
          else onScreen.current.delete(id);
        }
        noteSeen();
      },
      { root: log, threshold: [0, 0.25, 0.5, 0.6, 0.75, 1] },
    );
    visibility.current = observer;
    document.addEventListener("visibilitychange", noteSeen);
    window.addEventListener("focus", noteSeen);
    return () => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", noteSeen);
      window.removeEventListener("focus", noteSeen);
    };
  }, [noteSeen]);
  useEffect(() => {
    if (!dividerKnown) return;
    // Observing an element already observed is a no-op; new ones report at once.
    for (const element of logRef.current?.querySelectorAll<HTMLElement>("[data-message-id]") ?? []) visibility.current?.observe(element);
  }, [confirmed, dividerKnown]);

  const unseen = useMemo(
    () => confirmed.filter((m) => m.id > seenUpTo && m.senderId !== me.id && m.kind === "text").length,
    [confirmed, seenUpTo, me.id],
  );

  function jumpToEnd() {
    const log = logRef.current;
    if (!log) return;
    log.scrollTo({ top: log.scrollHeight, behavior: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  }

  const canWrite = !removed && !(blocked && peer) && !(kind === "lobby" && !summary.joined);
  // The message being corrected in the composer, from its menu or ↑ in an empty box.
  const [editing, setEditingState] = useState<{ messageId: number; body: string } | null>(null);
  // The message being answered: one or the other, as the composer shows one bar at a time.
  const [replyingTo, setReplyingTo] = useState<Extract<ReplyQuote, { state: "shown" }> | null>(null);
  const setEditing = useCallback((next: { messageId: number; body: string } | null) => {
    setEditingState(next);
    if (next) setReplyingTo(null);
  }, [setReplyingTo]);

  // Showing the original of a quote: scrolled to and marked, after loading older pages if needed.
  const [seeking, setSeeking] = useState<{ id: number; pages: number } | null>(null);
  // A fresh object each time, so showing the same original twice scrolls twice.
  const [highlight, setHighlight] = useState<{ id: number } | null>(null);
  const [seekNote, setSeekNote] = useState<string | null>(null);
  const showOriginal = useCallback((id: number) => {
    setSeekNote(null);
    setSeeking({ id, pages: 0 });
  }, []);
  // Decided during render (React's way for state that follows other state): found, or given up.
  if (seeking && confirmed.some((m) => m.id === seeking.id)) {
    setSeeking(null);
    setHighlight({ id: seeking.id });
  } else if (seeking && !loadingOlder && (!hasOlder || seeking.pages >= SEEK_PAGES_MAX)) {
    setSeeking(null);
    setSeekNote("The original message could not be found");
  }
  useEffect(() => {
    if (!seeking || loadingOlder || !hasOlder || seeking.pages >= SEEK_PAGES_MAX) return;
    loadOlder().then(
      () => setSeeking((s) => (s ? { ...s, pages: s.pages + 1 } : s)),
      () => {
        setSeeking(null);
        setSeekNote("The original message could not be loaded");
      },
    );
  }, [seeking, hasOlder, loadingOlder, loadOlder]);
  useEffect(() => {
    if (!highlight) return;
    const target = logRef.current?.querySelector<HTMLElement>(`[data-message-id="${highlight.id}"]`);
    target?.scrollIntoView({ block: "center", behavior: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
    // The focus follows, so a keyboard or screen reader user lands where the eye does.
    target?.querySelector<HTMLElement>("article")?.focus({ preventScroll: true });
    const timer = setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlight]);
  // The server's window, checked here only to offer Edit where it can succeed.
  const editable = useCallback((m: ChatMessage) => !m.deleted && Date.now() - Date.parse(m.createdAt) < EDIT_WINDOW_MS, []);

  const actionsFor = useCallback(
    (m: ChatMessage): MessageAction[] => {
      if (m.deleted) return [];
      const actions: MessageAction[] = [];
      if (canWrite && m.kind === "text") {
        actions.push({
          label: "Reply",
          run: () => {
            setEditing(null);
            setReplyingTo(shownQuote(m));
          },
        });
      }
      actions.push({ label: "Copy text", run: () => void navigator.clipboard?.writeText(m.body).catch(() => undefined) });
      if (!removed && m.senderId === me.id && m.kind === "text" && editable(m)) {
        actions.push({ label: "Edit", run: () => setEditing({ messageId: m.id, body: m.body }) });
      }
      if (!removed && (m.senderId === me.id || canDeleteAny)) {
        actions.push({
          label: "Delete",
          destructive: true,
          run: () =>
            void (async () => {
              const yes = await confirm({
                title: "Delete this message?",
                body: "It will be deleted for everyone in this conversation.",
                confirmLabel: "Delete",
              });
              if (yes) await deleteMessage(conversationId, m.id);
            })().catch(() => undefined),
        });
      }
      return actions;
    },
    [removed, me.id, canDeleteAny, confirm, conversationId, editable, setEditing, canWrite, setReplyingTo],
  );

  function send(body: string, files: PendingAttachment[]) {
    stickToBottom.current = true;
    // Writing answers what was unread: the divider has done its work.
    setReadAtOpen(null);
    typingSender.sent();
    conversation.send(body, files, replyingTo ?? undefined);
    setReplyingTo(null);
  }

  const editLast = () => {
    const last = [...confirmed].reverse().find((m) => m.senderId === me.id && m.kind === "text" && !m.deleted && editable(m));
    if (!last) return false;
    setEditing({ messageId: last.id, body: last.body });
    return true;
  };
  const attachments = useAttachments(conversationId);
  // Files dragged over the conversation: dropped, they join the message being written.
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");

  return (
    <section
      aria-labelledby="conversation-title"
      className="relative flex min-h-0 flex-1 flex-col"
      onDragEnter={(event) => {
        if (!canWrite || !carriesFiles(event)) return;
        dragDepth.current += 1;
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!canWrite || !carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={() => {
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDrop={(event) => {
        dragDepth.current = 0;
        setDragging(false);
        if (!canWrite || !carriesFiles(event)) return;
        event.preventDefault();
        attachments.add([...event.dataTransfer.files]);
      }}
    >
      {dragging && (
        <div aria-hidden="true" className="pointer-events-none absolute inset-2 z-30 flex items-center justify-center rounded-2xl border-4 border-dashed border-blue-600 bg-blue-50/90 text-lg font-semibold text-blue-900 dark:bg-slate-900/90 dark:text-blue-200">
          Drop files to send them here
        </div>
      )}
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
        <Avatar
          name={title}
          colourKey={peer?.username ?? summary.title}
          photoUrl={peer ? state.people.get(peer.id)?.avatarUrl : null}
          group={kind !== "private"}
          online={peer ? state.people.get(peer.id)?.online : undefined}
          size="sm"
        />
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
      <div className="relative flex min-h-0 flex-1 flex-col">
        <div
          ref={logRef}
          role="log"
          aria-label="Messages"
          tabIndex={0}
          onScroll={() => {
            noteScroll();
            noteSeen();
          }}
          className="relative min-h-0 flex-1 overflow-y-auto px-3 pb-2"
        >
          {/* A short chat sits at the bottom, next to the composer, as in every chat app. */}
          <div className="flex min-h-full flex-col justify-end">
            <ol className="flex flex-col">
              {hasOlder ? (
                <li ref={topRef} className="flex justify-center py-1">
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
                  <li className="py-2 text-center text-xs text-slate-600 dark:text-slate-300">
                    {peer ? `Start of your conversation with ${peerName}` : `Start of ${title}`}
                  </li>
                )
              )}
              {rows.map((row) =>
                row.type === "day" ? (
                  <li key={row.key} className="sticky top-0 z-10 flex justify-center py-1.5">
                    <h2 className="rounded-full bg-white/95 px-3 py-0.5 text-xs font-medium text-slate-700 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900/95 dark:text-slate-200 dark:ring-slate-700">
                      <span suppressHydrationWarning>{dayLabel(row.at, new Date(now), timeZone)}</span>
                    </h2>
                  </li>
                ) : row.type === "unread" ? (
                  <li key={row.key} ref={dividerRef} id="unread-divider" className="my-2 flex items-center gap-2 text-xs font-semibold text-blue-800 dark:text-blue-300">
                    <span aria-hidden="true" className="h-px flex-1 bg-blue-300 dark:bg-blue-700" />
                    {plural(row.count, "unread message", "unread messages")}
                    <span aria-hidden="true" className="h-px flex-1 bg-blue-300 dark:bg-blue-700" />
                  </li>
                ) : "id" in row.message ? (
                  <MessageItem
                    key={row.key}
                    message={row.message}
                    sender={{ name: state.nameOf(row.message.senderId, row.message.senderName), username: row.message.senderName }}
                    mine={row.message.senderId === me.id}
                    showName={kind !== "private" && row.runStart && row.message.senderId !== me.id}
                    runEnd={row.runEnd}
                    state={row.message.senderId === me.id && kind === "private" ? messageState(row.message.id, peerReceipt) : undefined}
                    readers={row.message.senderId === me.id && kind === "group" ? readerNames(row.message.id) : undefined}
                    actions={actionsFor(row.message)}
                    myId={me.id}
                    nameOf={nameOfId}
                    onShowOriginal={showOriginal}
                    highlighted={highlight?.id === row.message.id}
                    isPerson={isPerson}
                    myUsername={me.username}
                    onReact={
                      removed || row.message.deleted || row.message.kind !== "text"
                        ? undefined
                        : (emoji, on) => void conversation.react((row.message as ChatMessage).id, emoji, on)
                    }
                  />
                ) : (
                  <MessageItem
                    key={row.key}
                    message={row.message}
                    sender={{ name: shownName(me), username: me.username }}
                    mine
                    showName={false}
                    runEnd={row.runEnd}
                    onRetry={conversation.retry}
                    myId={me.id}
                    nameOf={nameOfId}
                    onShowOriginal={showOriginal}
                    isPerson={isPerson}
                    myUsername={me.username}
                  />
                ),
              )}
            </ol>
            {count === 0 && (
              <p className="py-8 text-center text-slate-600 dark:text-slate-300">
                No messages yet. Say hello{peer ? ` to ${peerName}` : ""}.
              </p>
            )}
          </div>
        </div>
        {!atBottom && (
          <button
            type="button"
            onClick={jumpToEnd}
            className="absolute right-4 bottom-3 z-20 flex min-h-11 items-center gap-1 rounded-full border border-slate-300 bg-white px-4 text-sm font-medium text-blue-800 shadow-md dark:border-slate-600 dark:bg-slate-800 dark:text-blue-200"
          >
            {unseen > 0 ? plural(unseen, "new message", "new messages") : "Jump to latest"}
            <span aria-hidden="true">↓</span>
          </button>
        )}
      </div>
      {seekNote && (
        <p role="status" className="border-t border-slate-200 px-4 py-1 text-sm text-slate-700 dark:border-slate-700 dark:text-slate-300">
          {seekNote}
        </p>
      )}
      {confirmDialog}
      {kind === "lobby" && !summary.joined ? (
        <JoinLobby conversationId={conversationId} onJoined={state.refresh} />
      ) : removed ? (
        <p role="status" className="border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-700">
          You are no longer a member of this group.
        </p>
      ) : blocked && peer ? (
        <p role="status" className="border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-700">
          You blocked {peerName}. Unblock them in Conversation settings to write again.
        </p>
      ) : (
        <MessageComposer
          userId={me.id}
          conversationId={conversationId}
          attachments={attachments}
          editing={editing}
          onSaveEdit={async (body) => {
            if (!editing) return null;
            const refused = await conversation.edit(editing.messageId, body);
            if (!refused) setEditing(null);
            return refused;
          }}
          onCancelEdit={() => setEditing(null)}
          onEditLast={editLast}
          replyingTo={replyingTo && { quote: replyingTo, name: replyingTo.senderId === me.id ? "yourself" : state.nameOf(replyingTo.senderId, replyingTo.senderName) }}
          onCancelReply={() => setReplyingTo(null)}
          onSend={send}
          onDraftChange={typingSender.onDraftChange}
          people={mentionable}
        />
      )}
    </section>
  );
}
