import type { ChatErrorCode } from "../chat/errors";
import type { GroupInfo } from "../chat/groups";
import type { ChatMessage, ConversationMember, MemberReceipt, PublicUser } from "../chat/types";
import type {
  addMembersSchema,
  blockSchema,
  CreateGroupInput,
  deleteMessageSchema,
  editMessageSchema,
  reactSchema,
  muteSchema,
  ReceiptInput,
  removeMemberSchema,
  renameGroupSchema,
  SendMessageInput,
  TypingInput,
  viewConversationSchema,
} from "../validation";
import type { z } from "zod";

type In<S extends z.ZodType> = z.input<S>;

/**
 * The Socket.IO contract, shared by server and browser: renaming an event or changing a payload
 * is a compile error on both sides. Payloads from clients are still parsed with lib/validation.
 */

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string; code: ChatErrorCode; retryAfterMs?: number };

export interface PresenceUpdate {
  userId: number;
  username: string;
  online: boolean;
  /** Set when going offline. */
  lastSeenAt: string | null;
}

/** Someone's name or photo as others see them changed (null: their username, or initials, again). */
export interface UserUpdate {
  userId: number;
  username: string;
  displayName: string | null;
  avatarUrl: string | null;
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

/** What every member of a group sees alike: the parts of its ConversationSummary a change can move. */
export interface GroupState {
  title: string;
  /** Everyone in it with their role (my own role is in here too). */
  members: ConversationMember[];
  memberCount: number;
}

export interface ConversationChange {
  conversationId: number;
  /** True in the copy sent to someone who is no longer a member (removed, or left from another tab): drop it from the list. */
  removed: boolean;
  /** A group's new name, members and roles, to patch into the list entry in place (set for every group change to members). */
  group?: GroupState;
  /** My own mute setting, in the copy sent to my tabs when I change it. */
  muted?: boolean;
}

export interface MessageDeleted {
  conversationId: number;
  messageId: number;
}

/** Sent just before the server closes a socket on purpose, so the client knows why and what to do. */
export interface ConnectionClosing {
  reason: string;
  code: ChatErrorCode;
  /** For rate_limited: reconnecting sooner than this is pointless. */
  retryAfterMs?: number;
}

export interface ClientToServerEvents {
  "message:send": (payload: SendMessageInput, ack: (response: Ack<{ message: ChatMessage }>) => void) => void;
  /**
   * Sent when typing starts and every few seconds while it goes on; `typing:false` when it stops.
   * The server accepts one start or refresh per person and conversation every 2 s and drops the
   * rest silently (the ack is still ok).
   */
  typing: (payload: TypingInput, ack?: (response: Ack<object>) => void) => void;
  /**
   * Which conversation this tab shows (null: none), sent on every change and every (re)connect.
   * Lobby typing goes only to sockets that have the lobby open (docs/decisions/0009).
   */
  "conversation:open": (payload: In<typeof viewConversationSchema>, ack?: (response: Ack<object>) => void) => void;
  "receipt:delivered": (payload: ReceiptInput, ack?: (response: Ack<{ receipt: MemberReceipt }>) => void) => void;
  "receipt:read": (payload: ReceiptInput, ack?: (response: Ack<{ receipt: MemberReceipt }>) => void) => void;
  // The same changes as the HTTP routes (docs/api.md), through the same domain functions.
  "group:create": (payload: CreateGroupInput, ack: (response: Ack<{ conversation: GroupInfo }>) => void) => void;
  "group:rename": (payload: In<typeof renameGroupSchema>, ack: (response: Ack<{ conversation: GroupInfo }>) => void) => void;
  "group:add": (payload: In<typeof addMembersSchema>, ack: (response: Ack<{ added: PublicUser[] }>) => void) => void;
  /** Naming oneself is leaving. */
  "group:remove": (payload: In<typeof removeMemberSchema>, ack: (response: Ack<object>) => void) => void;
  "message:delete": (payload: In<typeof deleteMessageSchema>, ack: (response: Ack<{ message: ChatMessage }>) => void) => void;
  "message:edit": (payload: In<typeof editMessageSchema>, ack: (response: Ack<{ message: ChatMessage }>) => void) => void;
  /** Adds (`on: true`) or takes back one's reaction; the ack carries the message as it now is. */
  "message:react": (payload: In<typeof reactSchema>, ack: (response: Ack<{ message: ChatMessage }>) => void) => void;
  "conversation:mute": (payload: In<typeof muteSchema>, ack: (response: Ack<{ muted: boolean }>) => void) => void;
  "user:block": (payload: In<typeof blockSchema>, ack: (response: Ack<{ blocked: number }>) => void) => void;
  "user:unblock": (payload: In<typeof blockSchema>, ack: (response: Ack<object>) => void) => void;
}

export interface ServerToClientEvents {
  "message:new": (message: ChatMessage) => void;
  "presence:update": (update: PresenceUpdate) => void;
  /** Several presence changes gathered over a fraction of a second (connection storms). */
  "presence:batch": (updates: PresenceUpdate[]) => void;
  /** Sent to everyone: patch the person wherever they are named. */
  "user:updated": (update: UserUpdate) => void;
  typing: (update: TypingUpdate) => void;
  "receipt:update": (update: ReceiptUpdate) => void;
  /**
   * Title, members or roles changed, or I was added or removed, or I muted it: patch the list entry
   * with what it carries; fetch the list only for a conversation not listed yet (I was just added).
   */
  "conversation:changed": (change: ConversationChange) => void;
  /** A message changed (its text was edited, or its reactions): replace it, by id, with this current state. */
  "message:updated": (message: ChatMessage) => void;
  /** A message was deleted: show it as "message deleted" from now on. */
  "message:deleted": (deleted: MessageDeleted) => void;
  /** Live pushes may have been lost (the instances' message bus was down): catch up now. */
  "sync:required": () => void;
  /**
   * The server is about to disconnect this socket (e.g. code `rate_limited`: it sent more events
   * than any client should). It will not reconnect by itself; see lib/client/socket.ts.
   */
  "connection:closing": (closing: ConnectionClosing) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  user: { id: number; username: string };
  /** The lobby's id when the user was a member at the handshake (its room is joined at connect). */
  lobbyId: number | null;
}

export const userRoom = (userId: number): string => `user:${userId}`;
/** Only the lobby is fanned out through a room of its own; see docs/decisions/0007. */
export const conversationRoom = (conversationId: number): string => `conversation:${conversationId}`;
/** Sockets that have the lobby open on screen: the only ones its typing goes to (docs/decisions/0009). */
export const viewingRoom = (conversationId: number): string => `viewing:${conversationId}`;
