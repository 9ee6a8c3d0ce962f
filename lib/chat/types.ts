/** Shapes that cross the wire (HTTP JSON and socket payloads). Safe to import from the browser. */

export interface PublicUser {
  id: number;
  username: string;
}

export interface UserWithPresence extends PublicUser {
  online: boolean;
  /** ISO time their last socket closed; null if online or never seen. */
  lastSeenAt: string | null;
}

/** How far a member has got: every message up to these ids reached a device / was seen. */
export interface MemberReceipt {
  userId: number;
  lastDeliveredId: number;
  lastReadId: number;
}

export interface ChatMessage {
  id: number;
  conversationId: number;
  senderId: number;
  senderName: string;
  body: string;
  clientId: string;
  /** ISO 8601, UTC. Display only: messages are ordered by `id`. */
  createdAt: string;
}

/** Unread counts are exact up to this and shown as "99+" from there (see db/queries). */
export const UNREAD_CAP = 100;

export interface ConversationSummary {
  id: number;
  kind: "private";
  peer: PublicUser;
  lastMessage: ChatMessage | null;
  /** Messages from others after my read position. */
  unreadCount: number;
  /** One per member, me included. */
  receipts: MemberReceipt[];
}

export interface MessagePage {
  messages: ChatMessage[];
  /** Pass as `before` for the next older page; null when the start of the conversation is reached. */
  nextCursor: number | null;
}

export interface SyncPage {
  /** Messages above `after` in all my conversations, by id. */
  messages: ChatMessage[];
  /** The `after` for the next call: the last id returned (or the one asked for when none). */
  cursor: number;
  /** True when a full page came back and more may follow. */
  hasMore: boolean;
}
