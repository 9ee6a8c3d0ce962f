import type { ChatMessage, ConversationSummary, MemberReceipt, UserWithPresence } from "../chat/types";
import type { PresenceUpdate, ReceiptUpdate, UserUpdate } from "../realtime/events";
import { mentions } from "../mentions";

function receiptOf(conversation: ConversationSummary, userId: number): MemberReceipt {
  return conversation.receipts.find((r) => r.userId === userId) ?? { userId, lastDeliveredId: 0, lastReadId: 0 };
}

/**
 * Records a new message in its conversation: the last message, and one more unread when it is
 * someone else's and I am not looking at it (with "@" when it calls me by name). Null when the
 * conversation is not in the list yet.
 */
export function withIncomingMessage(
  conversations: readonly ConversationSummary[],
  message: ChatMessage,
  me: { id: number; username: string },
  viewing: boolean,
): ConversationSummary[] | null {
  const myId = me.id;
  const index = conversations.findIndex((c) => c.id === message.conversationId);
  const current = conversations[index];
  if (!current) return null;
  if (current.lastMessage && current.lastMessage.id >= message.id) return null;
  // Notices (joins, renames...) are not something to read, as on the server's count.
  const unseen = message.kind === "text" && message.senderId !== myId && !viewing && message.id > receiptOf(current, myId).lastReadId;
  const next = [...conversations];
  next[index] = {
    ...current,
    lastMessage: message,
    unreadCount: current.unreadCount + (unseen ? 1 : 0),
    mentioned: current.mentioned || (unseen && mentions(message.body, me.username)),
  };
  return next;
}

/** Applies a receipt position; my own update also carries my unread count, computed by the server. */
export function withReceipt(conversations: readonly ConversationSummary[], update: ReceiptUpdate): ConversationSummary[] | null {
  const index = conversations.findIndex((c) => c.id === update.conversationId);
  const current = conversations[index];
  if (!current) return null;
  const previous = receiptOf(current, update.userId);
  const receipt: MemberReceipt = {
    userId: update.userId,
    lastDeliveredId: Math.max(previous.lastDeliveredId, update.lastDeliveredId),
    lastReadId: Math.max(previous.lastReadId, update.lastReadId),
  };
  const next = [...conversations];
  next[index] = {
    ...current,
    receipts: [...current.receipts.filter((r) => r.userId !== update.userId), receipt],
    unreadCount: update.unreadCount ?? current.unreadCount,
    // Everything read: no mention is left unread (a partial read keeps the mark, to be safe).
    mentioned: update.unreadCount === 0 ? false : current.mentioned,
  };
  return next;
}

export function withPresence(people: readonly UserWithPresence[], update: PresenceUpdate): UserWithPresence[] {
  const entry = { id: update.userId, username: update.username, online: update.online, lastSeenAt: update.lastSeenAt };
  if (!people.some((p) => p.id === update.userId)) return [...people, { ...entry, displayName: null, avatarUrl: null, blocked: false }];
  return people.map((p) => (p.id === update.userId ? { ...p, ...entry } : p));
}

/** Someone's new name; someone not listed yet (just signed up) is added, offline until presence says otherwise. */
export function withUserUpdate(people: readonly UserWithPresence[], update: UserUpdate): UserWithPresence[] {
  const entry = { id: update.userId, username: update.username, displayName: update.displayName, avatarUrl: update.avatarUrl };
  if (!people.some((p) => p.id === update.userId)) return [...people, { ...entry, online: false, lastSeenAt: null, blocked: false }];
  return people.map((p) => (p.id === update.userId ? { ...p, ...entry } : p));
}

/** Who has read one of my messages in a group: everyone else whose read position reached it. */
export function readersOf(
  messageId: number,
  conversation: ConversationSummary | undefined,
  myId: number,
): { id: number; username: string }[] {
  if (!conversation) return [];
  const names = new Map(conversation.members.map((m) => [m.id, m.username]));
  return conversation.receipts
    .filter((r) => r.userId !== myId && r.lastReadId >= messageId && names.has(r.userId))
    .map((r) => ({ id: r.userId, username: names.get(r.userId) ?? "" }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

export type MessageState = "sent" | "delivered" | "read";

/** Where one of my stored messages stands, from the other member's receipt positions. */
export function messageState(messageId: number, peer: MemberReceipt | undefined): MessageState {
  if (peer && messageId <= peer.lastReadId) return "read";
  if (peer && messageId <= peer.lastDeliveredId) return "delivered";
  return "sent";
}

export { receiptOf };
