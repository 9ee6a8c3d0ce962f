import type { ChatMessage, ReplyQuote } from "../chat/types";
import { excerptOf } from "../chat/quotes";

export type DeliveryStatus = "sending" | "failed";

/** A message of mine the server has not acknowledged yet. */
export interface PendingMessage {
  clientId: string;
  conversationId: number;
  body: string;
  /** Files already uploaded, sent with it (their ids); shown as chips until it is stored. */
  attachments?: PendingAttachment[];
  /** The message it answers, quoted as I saw it when I wrote. */
  replyTo?: ReplyQuote;
  createdAt: string;
  status: DeliveryStatus;
  error?: string;
}

export interface PendingAttachment {
  id: number;
  name: string;
  type: string;
  size: number;
}

export interface MessageListState {
  /** Server copies, strictly ascending by id, each id once. */
  confirmed: ChatMessage[];
  /** Mine, in the order written; shown after every confirmed message. */
  pending: PendingMessage[];
}

/**
 * Adds server copies, keeping id order and each id once, whatever order they arrive in. A copy
 * replaces the one held (it may carry a change), except that a deletion is final: a copy read
 * before it (a catch-up answer overtaken by the live deletion) does not bring the message back.
 */
export function mergeConfirmed(confirmed: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return confirmed as ChatMessage[];
  const byId = new Map<number, ChatMessage>();
  for (const m of confirmed) byId.set(m.id, m);
  for (const m of incoming) {
    const known = byId.get(m.id);
    // A deletion is final, and a copy from before an edit does not undo it (a page fetched before
    // the edit can arrive after the live update).
    if (known?.deleted) continue;
    if (known?.editedAt && (!m.editedAt || m.editedAt < known.editedAt) && !m.deleted) continue;
    byId.set(m.id, m);
  }
  return refreshQuotes([...byId.values()].sort((a, b) => a.id - b.id), incoming);
}

/**
 * Quotes of messages that just changed, brought up to date from the changed copies: an edit shows
 * in every reply to it, a deletion turns them to "message deleted", as a reload would show them.
 */
export function refreshQuotes(list: ChatMessage[], changed: readonly Pick<ChatMessage, "id" | "body" | "deleted">[]): ChatMessage[] {
  const byId = new Map(changed.map((m) => [m.id, m]));
  let touched = false;
  const next = list.map((m) => {
    const quote = m.replyTo;
    const source = quote?.state === "shown" ? byId.get(quote.id) : undefined;
    if (!quote || quote.state !== "shown" || !source) return m;
    const excerpt = excerptOf(source.body);
    if (!source.deleted && excerpt === quote.excerpt) return m;
    touched = true;
    return { ...m, replyTo: source.deleted ? { id: quote.id, state: "deleted" as const } : { ...quote, excerpt } };
  });
  return touched ? next : list;
}

/**
 * The view of one conversation: stored messages, then my pending ones that are not stored yet.
 * A pending message whose stored copy is present is dropped, so it is never shown twice.
 */
export function conversationView(
  confirmed: ChatMessage[],
  queued: readonly PendingMessage[],
  conversationId: number,
  myId: number,
): MessageListState {
  // clientIds are unique per sender only, so only my own stored messages settle my pending ones.
  const stored = new Set(confirmed.filter((m) => m.senderId === myId).map((m) => m.clientId));
  return { confirmed, pending: queued.filter((p) => p.conversationId === conversationId && !stored.has(p.clientId)) };
}

/** A unique id for a message I write; the server stores each (sender, clientId) once. */
export function newClientId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}
