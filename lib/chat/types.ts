/** Shapes that cross the wire (HTTP JSON and socket payloads). Safe to import from the browser. */

export interface PublicUser {
  id: number;
  username: string;
}

/** A person as others see them: `displayName` when set, else the username. */
export interface Profile extends PublicUser {
  displayName: string | null;
  /** Their square photo; null: an initials avatar is drawn. The URL changes with the photo. */
  avatarUrl: string | null;
}

export interface UserWithPresence extends Profile {
  online: boolean;
  /** ISO time their last socket closed; null if online or never seen. */
  lastSeenAt: string | null;
  /** I blocked them. */
  blocked: boolean;
}

/** How far a member has got: every message up to these ids reached a device / was seen. */
export interface MemberReceipt {
  userId: number;
  lastDeliveredId: number;
  lastReadId: number;
}

export type MessageKind = "text" | "notice";

/** A file sent with a message. `url` serves its bytes to members only; images have a thumbnail. */
export interface Attachment {
  id: number;
  /** Cleaned: no path, no control characters, at most 200 characters. */
  name: string;
  /** Sniffed from the bytes at upload. */
  type: string;
  size: number;
  width?: number;
  height?: number;
  url: string;
  thumbnailUrl?: string;
}

export interface ChatMessage {
  id: number;
  conversationId: number;
  senderId: number;
  senderName: string;
  /** Empty once deleted. For a notice, the sentence to show ("alice added bob"). */
  body: string;
  clientId: string;
  /** ISO 8601, UTC. Display only: messages are ordered by `id`. */
  createdAt: string;
  /** "notice": written by the app about a membership change; the sender is who made it. */
  kind: MessageKind;
  /** Deleted by an admin or its sender: shown as "message deleted". */
  deleted: boolean;
  /** Files sent with it, in the order chosen; empty once deleted. */
  attachments: Attachment[];
  /** ISO time its sender last edited the text; null if never. Shown as "edited". */
  editedAt: string | null;
  /** One entry per emoji, in the order first used; empty once deleted. */
  reactions: Reaction[];
  /** The message it answers, as this reader may see it; null if none (or once deleted). */
  replyTo: ReplyQuote | null;
}

/**
 * The quote a reply shows. "shown": its sender and the start of its text (or its first file);
 * "deleted": the original was deleted; "unavailable": it is older than where this reader's history
 * starts, and nothing of it is given.
 */
export type ReplyQuote =
  | {
      id: number;
      state: "shown";
      senderId: number;
      senderName: string;
      /** At most 200 characters of its text; empty when it is only files. */
      excerpt: string;
      /** Its first file, for a quote of a message without text (or beside it). */
      attachment: { name: string; type: string } | null;
    }
  | { id: number; state: "deleted" | "unavailable" };

export interface Reaction {
  emoji: string;
  count: number;
  /** Who reacted, in the order they did. */
  userIds: number[];
}

export type ConversationKind = "private" | "group" | "lobby";
export type MemberRole = "admin" | "member";

export interface ConversationMember extends PublicUser {
  role: MemberRole;
}

export const LOBBY_TITLE = "Lobby";

/** Unread counts are exact up to this and shown as "99+" from there (see db/queries). */
export const UNREAD_CAP = 100;

export interface ConversationSummary {
  id: number;
  kind: ConversationKind;
  /** The peer's name (private), the group's name, or "Lobby". */
  title: string;
  /** Private conversations only: the other member. */
  peer: PublicUser | null;
  /** Everyone in it with their role; empty for the lobby, which is everyone's. */
  members: ConversationMember[];
  memberCount: number;
  /** False only for the lobby before I first open it. */
  joined: boolean;
  myRole: MemberRole;
  /** No notifications and no count in the tab title. */
  muted: boolean;
  lastMessage: ChatMessage | null;
  /** Messages from others after my read position. */
  unreadCount: number;
  /** One of them calls me by @username: the list marks the chat with "@", even when muted. */
  mentioned: boolean;
  /** One per member, me included; only mine in the lobby, where nobody's reading is broadcast. */
  receipts: MemberReceipt[];
}

export interface MessagePage {
  messages: ChatMessage[];
  /** Pass as `before` for the next older page; null when the start of the conversation is reached. */
  nextCursor: number | null;
}

/** A conversation as catch-up reports it: as the list shows it now, or gone for me. */
export type SyncConversation = (ConversationSummary & { removed: false }) | { id: number; removed: true };

export interface SyncPage {
  /** Every message created or changed after the cursor in my conversations, once each, as it is now, by id. */
  messages: ChatMessage[];
  /** Every conversation created or changed for me after the cursor (renamed, members, muted), or removed for me. */
  conversations: SyncConversation[];
  /** Opaque: the `after` of the next call. */
  cursor: string;
  /** True when a full page came back and more may follow. */
  hasMore: boolean;
}

/** The answer to a client from before the change log, which still counts in message ids. */
export interface LegacySyncPage extends Omit<SyncPage, "cursor"> {
  cursor: number;
}
