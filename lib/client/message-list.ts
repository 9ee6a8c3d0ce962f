import type { ChatMessage } from "../chat/types";

export type DeliveryStatus = "sending" | "failed";

/** A message of mine the server has not acknowledged yet. */
export interface PendingMessage {
  clientId: string;
  conversationId: number;
  body: string;
  createdAt: string;
  status: DeliveryStatus;
  error?: string;
}

export interface MessageListState {
  /** Server copies, strictly ascending by id, each id once. */
  confirmed: ChatMessage[];
  /** Mine, in the order written; shown after every confirmed message. */
  pending: PendingMessage[];
}

/**
 * Adds server copies, keeping id order and dropping ids already held; a pending message whose
 * clientId arrives is removed, so the server copy takes its place and it is never shown twice.
 */
export function mergeConfirmed(state: MessageListState, incoming: readonly ChatMessage[], myId: number): MessageListState {
  if (incoming.length === 0) return state;
  const byId = new Map<number, ChatMessage>();
  for (const m of state.confirmed) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  const confirmed = [...byId.values()].sort((a, b) => a.id - b.id);
  // clientIds are unique per sender only, so only my own messages can settle my pending ones.
  const arrived = new Set(incoming.filter((m) => m.senderId === myId).map((m) => m.clientId));
  const pending = state.pending.filter((p) => !arrived.has(p.clientId));
  return { confirmed, pending: pending.length === state.pending.length ? state.pending : pending };
}

export function addPending(state: MessageListState, message: PendingMessage): MessageListState {
  return { ...state, pending: [...state.pending.filter((p) => p.clientId !== message.clientId), message] };
}

export function setPendingStatus(
  state: MessageListState,
  clientId: string,
  status: DeliveryStatus,
  error?: string,
): MessageListState {
  if (!state.pending.some((p) => p.clientId === clientId)) return state;
  return {
    ...state,
    pending: state.pending.map((p) => (p.clientId === clientId ? { ...p, status, error } : p)),
  };
}

export function newestId(state: MessageListState): number {
  return state.confirmed.at(-1)?.id ?? 0;
}

export function oldestId(state: MessageListState): number | null {
  return state.confirmed[0]?.id ?? null;
}

/** A unique id for a message I write; the server stores each (sender, clientId) once. */
export function newClientId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}
