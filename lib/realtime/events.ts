import type { ChatMessage, MemberReceipt } from "../chat/types";
import type { ReceiptInput, SendMessageInput, TypingInput } from "../validation";

/**
 * The Socket.IO contract, shared by server and browser: renaming an event or changing a payload
 * is a compile error on both sides. Payloads from clients are still parsed with lib/validation.
 */

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string; retryAfterMs?: number };

export interface PresenceUpdate {
  userId: number;
  username: string;
  online: boolean;
  /** Set when going offline. */
  lastSeenAt: string | null;
}

export interface TypingUpdate {
  conversationId: number;
  userId: number;
  username: string;
  typing: boolean;
}

export interface ReceiptUpdate extends MemberReceipt {
  conversationId: number;
  /** Only in the copy sent to the member whose position moved (all their tabs): their unread count. */
  unreadCount?: number;
}

export interface ClientToServerEvents {
  "message:send": (payload: SendMessageInput, ack: (response: Ack<{ message: ChatMessage }>) => void) => void;
  /** Sent when typing starts and every few seconds while it goes on; `typing:false` when it stops. */
  typing: (payload: TypingInput, ack?: (response: Ack<object>) => void) => void;
  "receipt:delivered": (payload: ReceiptInput, ack?: (response: Ack<{ receipt: MemberReceipt }>) => void) => void;
  "receipt:read": (payload: ReceiptInput, ack?: (response: Ack<{ receipt: MemberReceipt }>) => void) => void;
}

export interface ServerToClientEvents {
  "message:new": (message: ChatMessage) => void;
  "presence:update": (update: PresenceUpdate) => void;
  typing: (update: TypingUpdate) => void;
  "receipt:update": (update: ReceiptUpdate) => void;
  /** Live pushes may have been lost (the instances' message bus was down): catch up now. */
  "sync:required": () => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  user: { id: number; username: string };
}

export const userRoom = (userId: number): string => `user:${userId}`;
