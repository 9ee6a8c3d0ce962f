"use client";

import type { ChatMessage } from "@/lib/chat/types";
import type { PendingMessage } from "@/lib/client/message-list";
import type { MessageState } from "@/lib/client/people-list";

interface Props {
  message: ChatMessage | PendingMessage;
  senderName: string;
  mine: boolean;
  /** For my stored messages: how far they got. */
  state?: MessageState;
  onRetry?: (clientId: string) => void;
}

const STATE_TEXT: Record<MessageState, string> = { sent: "Sent", delivered: "Delivered", read: "Read" };

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** One message. The body is a text child, never HTML: React escapes it, and CSS keeps its line breaks. */
export function MessageItem({ message, senderName, mine, state, onRetry }: Props) {
  const pending = "status" in message ? message : null;
  const date = new Date(message.createdAt);
  return (
    <li className={`flex ${mine ? "justify-end" : "justify-start"}`} aria-busy={pending?.status === "sending" || undefined}>
      <article
        className={`max-w-[85%] rounded-2xl px-3 py-2 sm:max-w-[70%] ${
          mine ? "bg-blue-700 text-white" : "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100"
        } ${pending ? "opacity-80" : ""}`}
      >
        <header className="flex items-baseline gap-2 text-xs">
          <span className="font-semibold">{senderName}</span>{" "}
          <time dateTime={message.createdAt} title={fullFormat.format(date)} suppressHydrationWarning>
            {timeFormat.format(date)}
          </time>
        </header>
        <p className="text-base break-words whitespace-pre-wrap [overflow-wrap:anywhere]">{message.body}</p>
        {state && !pending && (
          <p className="mt-0.5 text-right text-xs opacity-90" data-state={state}>
            {STATE_TEXT[state]}
          </p>
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
    </li>
  );
}
