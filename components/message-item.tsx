"use client";

import { useId, useRef, useState, type PointerEvent } from "react";
import type { ChatMessage, ReplyQuote } from "@/lib/chat/types";
import type { PendingMessage } from "@/lib/client/message-list";
import { timeFormatsFor } from "@/lib/client/message-time";
import type { MessageState } from "@/lib/client/people-list";
import { useChat } from "./chat-context";
import { MessageActions, type MessageAction } from "./message-actions";
import { MessageAttachments } from "./message-attachments";
import { ReactionBar, ReactionPicker } from "./reaction-bar";
import { PaperclipIcon } from "./paperclip-icon";
import { MessageBody } from "./message-body";
import { isFewEmoji } from "@/lib/client/emoji-only";

interface Props {
  message: ChatMessage | PendingMessage;
  /** Who wrote it: the name shown, and the username, which screen readers and scripts always get. */
  sender: { name: string; username: string };
  mine: boolean;
  /** The first of a run in a group chat: the name shows above the bubble (screen readers always hear it). */
  showName: boolean;
  /** The last of a run: a wider gap follows. */
  runEnd: boolean;
  /** For my stored messages in a private conversation: how far they got. */
  state?: MessageState;
  /** For my stored messages in a group: the names of the other members who have read it. */
  readers?: readonly string[];
  onRetry?: (clientId: string) => void;
  actions?: readonly MessageAction[];
  /** Adds or takes back my reaction; absent where I cannot react (pending, deleted, not a member). */
  onReact?: (emoji: string, on: boolean) => void;
  myId?: number;
  nameOf?: (userId: number) => string;
  /** Shows the original of a reply (activating its quote). */
  onShowOriginal?: (messageId: number) => void;
  /** Briefly marked: the original a quote just led to. */
  highlighted?: boolean;
  /** Whether an @username in the text is a person (highlighted), and my own username (more so). */
  isPerson?: (username: string) => boolean;
  myUsername?: string;
}

const noPerson = () => false;
const QUICK_BUTTON =
  "flex size-8 items-center justify-center rounded-full text-lg text-slate-600 opacity-0 hover:bg-slate-200 focus-visible:opacity-100 group-focus-within:opacity-100 group-hover:opacity-100 dark:text-slate-300 dark:hover:bg-slate-700";
const STATE_TEXT: Record<MessageState, string> = { sent: "Sent", delivered: "Delivered", read: "Read" };
const LONG_PRESS_MS = 500;

/**
 * The time in the bubble's corner. The full date and time shows on hover (title) and, for keyboard
 * users, above it while the message has focus: floating, so nothing moves under the pointer.
 */
function MessageTime({ createdAt, timeZone }: { createdAt: string; timeZone: string }) {
  const formats = timeFormatsFor(timeZone);
  const date = new Date(createdAt);
  return (
    <time dateTime={createdAt} title={formats.full(date)} className="relative" suppressHydrationWarning>
      {formats.time(date)}
      <span
        aria-hidden="true"
        className="invisible absolute right-0 bottom-full z-10 mb-1 w-max rounded bg-slate-900 px-2 py-0.5 text-xs text-white group-has-[:focus-visible]:visible"
        suppressHydrationWarning
      >
        {formats.full(date)}
      </span>
    </time>
  );
}

/** ✓ sent, ✓✓ delivered, bright ✓✓ read. Drawn, so the words beside them are what screen readers hear. */
function Ticks({ double, read }: { double: boolean; read: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 18 12" className={`h-3 w-[18px] ${read ? "text-cyan-300" : "opacity-80"}`} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      <path d="M1 6.5 4.5 10 11 2" />
      {double && <path d="M7.5 9.2 8.3 10 14.8 2" />}
    </svg>
  );
}

/** Ticks with "Read by 2" for screen readers, and the names in a tooltip on hover and keyboard focus. */
function ReadBy({ readers }: { readers: readonly string[] }) {
  const tooltipId = useId();
  if (readers.length === 0) {
    return (
      <>
        <Ticks double={false} read={false} />
        <span className="sr-only">Sent</span>
      </>
    );
  }
  return (
    <span className="group/readers relative flex items-center gap-0.5">
      <span tabIndex={0} data-read-by aria-describedby={tooltipId} className="flex cursor-default items-center gap-0.5 rounded">
        <Ticks double read />
        <span aria-hidden="true">{readers.length}</span>
        <span className="sr-only">Read by {readers.length}</span>
      </span>
      <span
        role="tooltip"
        id={tooltipId}
        className="invisible absolute right-0 bottom-full z-10 mb-1 w-max max-w-64 rounded bg-slate-900 px-2 py-1 text-left text-xs text-white group-focus-within/readers:visible group-hover/readers:visible"
      >
        Read by {readers.join(", ")}
      </span>
    </span>
  );
}

/** What a quote says of a file-only original: the kind of file and its name. */
function fileLabel(file: { name: string; type: string }): string {
  return `${file.type.startsWith("image/") ? "📷" : "📎"} ${file.name}`;
}

/**
 * The quote above a reply: the original's sender and the start of its text. Activating it shows
 * the original; a deleted or unavailable one says so and leads nowhere.
 */
function Quote({ quote, mine, nameOf, myId, onShow }: { quote: ReplyQuote; mine: boolean; nameOf: (userId: number) => string; myId: number; onShow?: (id: number) => void }) {
  const frame = `mb-1 block w-full min-w-0 rounded-lg border-l-4 px-2 py-0.5 text-left text-sm ${
    mine ? "border-blue-200 bg-blue-800/60 text-blue-50" : "border-blue-700 bg-white/70 text-slate-700 dark:border-blue-400 dark:bg-slate-900/60 dark:text-slate-200"
  }`;
  if (quote.state !== "shown") {
    return (
      <p data-part="quote" className={`${frame} italic`}>
        <span className="sr-only">In reply to </span>
        {quote.state === "deleted" ? "message deleted" : "Original message unavailable"}
      </p>
    );
  }
  const name = quote.senderId === myId ? "You" : nameOf(quote.senderId) || quote.senderName;
  const text = quote.excerpt || (quote.attachment ? fileLabel(quote.attachment) : "");
  return (
    <button
      type="button"
      data-part="quote"
      onClick={() => onShow?.(quote.id)}
      // Named in words: the parts' own layout would put stray spaces into the name.
      aria-label={`In reply to ${name}: ${text}`}
      title="Show the original message"
      className={`${frame} hover:opacity-90`}
    >
      <bdi className={`block truncate text-xs font-semibold ${mine ? "" : "text-blue-800 dark:text-blue-300"}`}>{name}</bdi>
      <bdi className="line-clamp-2 break-words whitespace-pre-wrap [overflow-wrap:anywhere]">{text}</bdi>
    </button>
  );
}

/**
 * One message. The body is a text child, never HTML: React escapes it, and CSS keeps its line breaks.
 * Everything people typed is isolated in <bdi>, so its text direction cannot reorder what is around it.
 */
export function MessageItem({
  message,
  sender,
  mine,
  showName,
  runEnd,
  state,
  readers,
  onRetry,
  actions: given,
  onReact,
  myId = 0,
  nameOf = String,
  onShowOriginal,
  highlighted = false,
  isPerson = noPerson,
  myUsername = "",
}: Props) {
  const { timeZone } = useChat();
  const [menuOpen, setMenuOpen] = useState(false);
  const [reacting, setReacting] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  const actions: readonly MessageAction[] | undefined = onReact ? [{ label: "React", run: () => setReacting(true) }, ...(given ?? [])] : given;
  const pressTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = "status" in message ? message : null;
  const stored = pending ? null : (message as ChatMessage);

  if (stored?.kind === "notice") {
    return (
      <li className="my-1 flex justify-center" data-message-id={stored.id}>
        <p className="max-w-[90%] rounded-full bg-slate-100 px-3 py-0.5 text-center text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          <bdi>{stored.body}</bdi> · <MessageTime createdAt={stored.createdAt} timeZone={timeZone} />
        </p>
      </li>
    );
  }

  const deleted = stored?.deleted ?? false;
  const replyAction = given?.find((a) => a.label === "Reply");
  const quote = deleted ? null : (stored?.replyTo ?? pending?.replyTo ?? null);
  // One to three emoji alone show large, as in WhatsApp and Telegram.
  const bigEmoji = !deleted && isFewEmoji(message.body);
  const hasMenu = Boolean(actions && actions.length > 0);

  // A long press opens the menu on touch screens, as in WhatsApp; moving the finger (scrolling) cancels it.
  const cancelPress = () => {
    if (pressTimer.current) clearTimeout(pressTimer.current);
    pressTimer.current = null;
  };
  const onPointerDown = (event: PointerEvent) => {
    if (event.pointerType !== "touch" || !hasMenu) return;
    cancelPress();
    pressTimer.current = setTimeout(() => setMenuOpen(true), LONG_PRESS_MS);
  };

  return (
    <li
      ref={item}
      className={`group relative flex items-end gap-1 rounded-2xl transition-colors duration-700 ${mine ? "flex-row-reverse" : ""} ${runEnd ? "mb-2" : "mb-0.5"} ${
        highlighted ? "bg-amber-200/70 dark:bg-amber-500/30" : ""
      }`}
      data-highlighted={highlighted || undefined}
      data-message-id={stored?.id}
      aria-busy={pending?.status === "sending" || undefined}
    >
      <article
        // Focusable by script only: showing the original of a quote moves the focus here.
        tabIndex={-1}
        onPointerDown={onPointerDown}
        onPointerUp={cancelPress}
        onPointerMove={cancelPress}
        onPointerCancel={cancelPress}
        onContextMenu={(event) => {
          if (hasMenu && (event.nativeEvent as globalThis.PointerEvent).pointerType === "touch") event.preventDefault();
        }}
        className={`max-w-[85%] rounded-2xl px-3 py-1 sm:max-w-[70%] ${
          mine ? "bg-blue-700 text-white" : "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100"
        } ${runEnd ? (mine ? "rounded-br-sm" : "rounded-bl-sm") : ""} ${pending ? "opacity-80" : ""}`}
      >
        <p data-part="sender" className={showName ? "text-xs font-semibold text-blue-800 dark:text-blue-300" : "sr-only"}>
          <bdi>{sender.name}</bdi>
          {sender.name !== sender.username && <span className="sr-only"> ({sender.username})</span>}
        </p>
        {quote && <Quote quote={quote} mine={mine} nameOf={nameOf} myId={myId} onShow={onShowOriginal} />}
        {!deleted && stored && stored.attachments.length > 0 && <MessageAttachments attachments={stored.attachments} mine={mine} />}
        {pending?.attachments && pending.attachments.length > 0 && (
          <ul className="mb-1 flex flex-col gap-0.5 text-sm" aria-label="Files">
            {pending.attachments.map((a) => (
              <li key={a.id} className="flex items-center gap-1 truncate">
                <PaperclipIcon className="size-4 shrink-0" />
                <bdi className="truncate">{a.name}</bdi>
              </li>
            ))}
          </ul>
        )}
        <div className={`leading-snug break-words [overflow-wrap:anywhere] ${bigEmoji ? "text-4xl leading-tight" : "text-base"}`}>
          {deleted ? (
            <span className="italic opacity-90">message deleted</span>
          ) : (
            <MessageBody text={message.body} isPerson={isPerson} myUsername={myUsername} mine={mine} />
          )}
          {/* Floats into the last line when it has room, as in WhatsApp; below it when not. */}
          <span className={`relative top-1 float-right ml-2 flex items-center gap-1 text-[11px] leading-4 whitespace-nowrap ${mine ? "text-blue-100" : "text-slate-600 dark:text-slate-300"}`}>
            {stored?.editedAt && !deleted && <span data-part="edited">edited</span>}
            <MessageTime createdAt={message.createdAt} timeZone={timeZone} />
            {state && stored && !deleted && (
              <>
                <Ticks double={state !== "sent"} read={state === "read"} />
                <span className="sr-only" data-state={state}>
                  {STATE_TEXT[state]}
                </span>
              </>
            )}
            {readers && stored && !deleted && <ReadBy readers={readers} />}
          </span>
        </div>
        {stored && !deleted && stored.reactions.length > 0 && (
          <ReactionBar reactions={stored.reactions} myId={myId} nameOf={nameOf} onToggle={(emoji, on) => onReact?.(emoji, on)} />
        )}
        {pending && (
          <p className="mt-1 flex items-center gap-2 text-xs">
            {pending.status === "sending" ? (
              <span role={pending.error ? "status" : undefined}>{pending.error ?? "Sending…"}</span>
            ) : (
              <>
                <span>{pending.error ?? "Not sent"}</span>{" "}
                <button
                  type="button"
                  onClick={() => onRetry?.(pending.clientId)}
                  className="rounded border border-current px-2 py-0.5 font-medium"
                >
                  Retry
                </button>
              </>
            )}
          </p>
        )}
      </article>
      {reacting && onReact && stored && (
        <ReactionPicker
          mine={stored.reactions.filter((r) => r.userIds.includes(myId)).map((r) => r.emoji)}
          onPick={(emoji) => {
            onReact(emoji, !stored.reactions.some((r) => r.emoji === emoji && r.userIds.includes(myId)));
            setReacting(false);
            item.current?.querySelector<HTMLButtonElement>("button[aria-haspopup]")?.focus();
          }}
          onClose={() => {
            setReacting(false);
            item.current?.querySelector<HTMLButtonElement>("button[aria-haspopup]")?.focus();
          }}
        />
      )}
      {/* Where there is a mouse, React and Reply are one press away on hover or focus, as in Slack;
          the ⋮ menu holds them too, and is all a phone shows. */}
      {stored && !deleted && (onReact ?? replyAction) && (
        <div className="flex self-center pointer-coarse:hidden">
          {onReact && (
            <button
              type="button"
              aria-label="React"
              title="React"
              onClick={() => setReacting(true)}
              className={`${QUICK_BUTTON} ${menuOpen || reacting ? "opacity-100" : ""}`}
            >
              <span aria-hidden="true">☺</span>
            </button>
          )}
          {replyAction && (
            <button type="button" aria-label="Reply" title="Reply" onClick={replyAction.run} className={QUICK_BUTTON}>
              <span aria-hidden="true">↩</span>
            </button>
          )}
        </div>
      )}
      {hasMenu && actions && (
        <MessageActions label={`Actions for message from ${sender.name}`} actions={actions} mine={mine} open={menuOpen} onOpenChange={setMenuOpen} />
      )}
    </li>
  );
}
