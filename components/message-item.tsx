"use client";

import { useEffect, useId, useState } from "react";
import { messageTimeFormats } from "@/lib/client/message-time";
import type { ChatMessage, PublicUser } from "@/lib/chat/types";
import type { PendingMessage } from "@/lib/client/message-list";
import type { MessageState } from "@/lib/client/people-list";

interface Props {
  message: ChatMessage | PendingMessage;
  senderName: string;
  mine: boolean;
  /** For my stored messages in a private conversation: how far they got. */
  state?: MessageState;
  /** For my stored messages in a group: the other members who have read it. */
  readers?: readonly PublicUser[];
  onRetry?: (clientId: string) => void;
  /** Offered when I may delete it (mine, or any as a group admin). */
  onDelete?: (messageId: number) => Promise<void>;
}

const STATE_TEXT: Record<MessageState, string> = { sent: "Sent", delivered: "Delivered", read: "Read" };
const CONFIRM_WINDOW_MS = 5000;

const formats = messageTimeFormats();

function MessageTime({ createdAt }: { createdAt: string }) {
  const date = new Date(createdAt);
  return (
    <time dateTime={createdAt} title={formats.full(date)} suppressHydrationWarning>
      {formats.time(date)}
    </time>
  );
}

/** "Read by 2", with the names in a tooltip that opens on hover and on keyboard focus. */
function ReadBy({ readers }: { readers: readonly PublicUser[] }) {
  const tooltipId = useId();
  if (readers.length === 0) return <p className="mt-0.5 text-right text-xs opacity-90">Sent</p>;
  const names = readers.map((r) => r.username).join(", ");
  return (
    <p className="group relative mt-0.5 text-right text-xs opacity-90">
      <span tabIndex={0} aria-describedby={tooltipId} className="cursor-default rounded underline decoration-dotted">
        Read by {readers.length}
      </span>
      <span
        role="tooltip"
        id={tooltipId}
        className="invisible absolute right-0 bottom-full z-10 mb-1 w-max max-w-64 rounded bg-slate-900 px-2 py-1 text-left text-xs text-white group-focus-within:visible group-hover:visible"
      >
        {names}
      </span>
    </p>
  );
}

/** Delete asks once more in place, so a stray click never removes a message for everyone. */
function DeleteButton({ messageId, senderName, onDelete }: { messageId: number; senderName: string; onDelete: (id: number) => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(false), CONFIRM_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [confirming]);
  return (
    <span className="ml-auto flex items-center gap-1">
      {error && <span role="alert">{error}</span>}
      <button
        type="button"
        aria-label={confirming ? `Confirm deleting the message from ${senderName}` : `Delete message from ${senderName}`}
        onClick={() => {
          if (!confirming) return setConfirming(true);
          setConfirming(false);
          onDelete(messageId).catch((e: unknown) => setError(e instanceof Error ? e.message : "Could not delete"));
        }}
        className="rounded px-1 underline opacity-80 hover:opacity-100"
      >
        {confirming ? "Confirm delete" : "Delete"}
      </button>
    </span>
  );
}

/**
 * One message. The body is a text child, never HTML: React escapes it, and CSS keeps its line breaks.
 * Everything people typed is isolated in <bdi>, so its text direction cannot reorder what is around it.
 */
export function MessageItem({ message, senderName, mine, state, readers, onRetry, onDelete }: Props) {
  const pending = "status" in message ? message : null;
  const stored = pending ? null : (message as ChatMessage);

  if (stored?.kind === "notice") {
    return (
      <li className="flex justify-center">
        <p className="max-w-[90%] text-center text-xs text-slate-600 dark:text-slate-300">
          <bdi>{stored.body}</bdi> · <MessageTime createdAt={stored.createdAt} />
        </p>
      </li>
    );
  }

  const deleted = stored?.deleted ?? false;
  return (
    <li className={`flex ${mine ? "justify-end" : "justify-start"}`} aria-busy={pending?.status === "sending" || undefined}>
      <article
        className={`max-w-[85%] rounded-2xl px-3 py-2 sm:max-w-[70%] ${
          mine ? "bg-blue-700 text-white" : "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100"
        } ${pending ? "opacity-80" : ""}`}
      >
        <header className="flex items-baseline gap-2 text-xs">
          <bdi className="font-semibold">{senderName}</bdi> <MessageTime createdAt={message.createdAt} />
          {stored && !deleted && onDelete && <DeleteButton messageId={stored.id} senderName={senderName} onDelete={onDelete} />}
        </header>
        {deleted ? (
          <p className="text-base italic opacity-90">message deleted</p>
        ) : (
          // <bdi>: direction overrides in the text (U+202E turning "gnp.exe" into "exe.png") stay inside it.
          <p className="text-base break-words whitespace-pre-wrap [overflow-wrap:anywhere]">
            <bdi>{message.body}</bdi>
          </p>
        )}
        {state && stored && !deleted && (
          <p className="mt-0.5 text-right text-xs opacity-90" data-state={state}>
            {STATE_TEXT[state]}
          </p>
        )}
        {readers && stored && !deleted && <ReadBy readers={readers} />}
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
