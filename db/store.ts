import { randomUUID } from "node:crypto";
import type { ConversationKind, MemberRole } from "../lib/chat/types";
import type { GroupInvites } from "./queries/settings";
import type {
  ChangePage,
  ChangePosition,
  ConversationRecord,
  ConversationSummaryRecord,
  MemberRecord,
  MembershipRecord,
  MessageRecord,
  NewMessage,
  ReceiptRecord,
  ReplyRecord,
  NewUpload,
  ProfileRecord,
  SessionUserRecord,
  StoredAttachment,
  UploadKeys,
  UploadRecord,
  UserRecord,
  UserWithHash,
  UserWithLastSeen,
} from "./queries";

export { LOG_START } from "./queries/changes";
export type {
  ChangePage,
  ChangePosition,
  ConversationRecord,
  ConversationSummaryRecord,
  MemberRecord,
  MembershipRecord,
  MessageRecord,
  NewMessage,
  ReceiptRecord,
  ReplyRecord,
  NewUpload,
  ProfileRecord,
  SessionUserRecord,
  StoredAttachment,
  UploadKeys,
  UploadRecord,
  UserRecord,
  UserWithHash,
  UserWithLastSeen,
};

/** Who a notice is written as, and what it says. */
export interface NoticeDraft {
  actor: { id: number; username: string };
  body: string;
}

/** The row a notice is stored as, for every adapter: a message of kind "notice" with a fresh clientId. */
export function noticeMessage(conversationId: number, draft: NoticeDraft, at: number): NewMessage {
  return {
    conversationId,
    senderId: draft.actor.id,
    senderName: draft.actor.username,
    body: draft.body,
    clientId: `notice-${randomUUID()}`,
    createdAt: at,
    kind: "notice",
  };
}

/** What storing a message came to, decided inside the write transaction. */
export type StoreMessageResult =
  | {
      kind: "stored";
      message: MessageRecord;
      /** The conversation it was stored in. */
      conversation: { id: number; kind: ConversationKind };
      /** Its members as it committed (who hears it); null for the lobby, whose audience is its room. */
      memberIds: number[] | null;
      /** Of those, the members whose history starts after the message it answers (their quote is "unavailable"). */
      replyHiddenFrom: number[];
      /** Members it calls by @username (recorded for the "@" in their chat list), ascending. */
      mentionedIds: number[];
    }
  /** A retry: this sender already stored a message with this clientId (maybe elsewhere). */
  | { kind: "existing"; message: MessageRecord | undefined }
  /** The sender is not (or no longer) a member. */
  | { kind: "not_member" }
  /** An attachment id is not an upload of this sender in this conversation, or is attached already. */
  | { kind: "bad_attachments" }
  /** `replyToId` is not a text message of this conversation that the sender sees, or it was deleted. */
  | { kind: "bad_reply" }
  /** A private conversation with a block between the two. */
  | { kind: "blocked" };

/** A group change refused inside its transaction because the actor is no longer allowed to make it. */
export type Refusal = { refused: "not_member" | "not_admin" | "not_found" };

export interface ReceiptAdvance {
  receipt: ReceiptRecord;
  changed: boolean;
}

/**
 * Everything the domain asks of storage. Every method is one whole transaction: its checks and its
 * writes commit together or not at all, and nothing holds a transaction open across an `await` in
 * the caller. Adapters: SQLite (db/sqlite/store.ts, the default) and, later, PostgreSQL.
 */
export interface Store {
  // People
  findUserById(id: number): Promise<UserRecord | undefined>;
  findUserByUsername(username: string): Promise<UserWithHash | undefined>;
  findSessionUser(id: number): Promise<SessionUserRecord | undefined>;
  listUsersExcept(id: number): Promise<UserWithLastSeen[]>;
  getProfile(userId: number): Promise<ProfileRecord | undefined>;
  /** Null clears it (others see the username); undefined for no such user. */
  setDisplayName(userId: number, displayName: string | null): Promise<ProfileRecord | undefined>;
  /** Replaces (or with null removes) the photo; the key it replaced is the caller's to delete. Undefined for no such user. */
  setAvatar(userId: number, avatarKey: string | null): Promise<{ profile: ProfileRecord; previousKey: string | null } | undefined>;
  /** Undefined when the name is taken (case-blind): the unique index decides races. */
  createUser(username: string, passwordHash: string, at: number): Promise<UserRecord | undefined>;
  /** Moves the session epoch on: every session issued before stops being accepted. */
  endSessions(userId: number): Promise<void>;
  /** Replaces the password hash and moves the session epoch on, in one transaction; the new epoch, or null for no such user. */
  changePassword(userId: number, passwordHash: string): Promise<number | null>;
  setLastSeen(userId: number, at: number): Promise<void>;
  getGroupInvites(userId: number): Promise<GroupInvites>;
  setGroupInvites(userId: number, value: GroupInvites): Promise<void>;
  /** Whether `author` has written to `other` in their private conversation. */
  hasWrittenTo(author: number, other: number): Promise<boolean>;

  // Blocks
  /** False when it already existed. */
  block(blockerId: number, blockedId: number, at: number): Promise<boolean>;
  /** False when there was none. */
  unblock(blockerId: number, blockedId: number): Promise<boolean>;
  listBlockedIds(blockerId: number): Promise<number[]>;
  listBlockerIds(blockedId: number): Promise<number[]>;
  isBlockedEitherWay(a: number, b: number): Promise<boolean>;

  // Conversations
  findConversation(id: number): Promise<ConversationRecord | undefined>;
  findMembership(conversationId: number, userId: number): Promise<MembershipRecord | undefined>;
  listMemberIds(conversationId: number): Promise<number[]>;
  listMembers(conversationId: number): Promise<MemberRecord[]>;
  countMembers(conversationId: number): Promise<number>;
  /** My conversations with their last message and counts, and the members of each, read together. */
  listConversations(userId: number): Promise<{ summaries: ConversationSummaryRecord[]; members: MemberRecord[] }>;
  findPrivateConversation(a: number, b: number): Promise<ConversationRecord | undefined>;
  getOrCreatePrivateConversation(a: number, b: number, at: number): Promise<ConversationRecord>;
  getOrCreateLobby(title: string, at: number): Promise<ConversationRecord>;
  setMuted(conversationId: number, userId: number, muted: boolean): Promise<boolean>;

  /** Creates a group, its admin, its members and the notice saying so. */
  createGroup(input: { title: string; creatorId: number; memberIds: readonly number[]; at: number; notice: NoticeDraft }): Promise<{
    conversation: ConversationRecord;
    notice: MessageRecord;
  }>;
  /** Renames, if the actor is still an admin of the group when it commits. */
  renameGroup(input: { conversationId: number; actorId: number; title: string; notice: NoticeDraft }): Promise<{ notice: MessageRecord } | Refusal>;
  /** Adds people (history from now on) and the notice, if the actor is still an admin. */
  addMembers(input: { conversationId: number; actorId: number; userIds: readonly number[]; at: number; notice: NoticeDraft }): Promise<
    { notice: MessageRecord } | Refusal
  >;
  /**
   * Removes someone (or lets them leave) with its notice; when no admin is left, the longest member
   * becomes one, with a notice `heirNotice` words.
   */
  removeMember(input: {
    conversationId: number;
    actorId: number;
    targetId: number;
    notice: NoticeDraft;
    heirNotice: (heir: { id: number; username: string }) => NoticeDraft;
  }): Promise<{ notices: MessageRecord[] } | Refusal>;
  /** Adds the user to the lobby (whole history visible) with the notice; null if already in. */
  joinLobby(input: { lobbyId: number; userId: number; at: number; notice: NoticeDraft }): Promise<MessageRecord | null>;

  // Messages
  /**
   * Stores a message once per (sender, clientId), checking in the same transaction that the sender
   * is a member and, in a private conversation, that no block stands between the two.
   */
  storeMessage(message: NewMessage): Promise<StoreMessageResult>;
  findMessage(conversationId: number, messageId: number): Promise<MessageRecord | undefined>;
  /**
   * Wipes the body and marks it deleted, if, as this commits, the actor may: a member who sees the
   * message and sent it, or an admin of its group. `deleted` false: it already was.
   */
  deleteMessage(input: { conversationId: number; messageId: number; actorId: number; at: number }): Promise<
    { deleted: boolean; message: MessageRecord; /** Its files' rows were removed: delete these bytes. */ files: UploadKeys[] } | Refusal
  >;
  /**
   * Replaces the text of a message, if, as this commits, the actor is a member who sees it, sent
   * it, it is text, not deleted, and written after `notBefore`; the old text is kept in
   * message_edits. `changed` false: the text was already this.
   */
  editMessage(input: { conversationId: number; messageId: number; actorId: number; body: string; at: number; notBefore: number }): Promise<
    { changed: boolean; message: MessageRecord } | { refused: "not_member" | "not_found" | "not_sender" | "window_over" }
  >;
  /**
   * Adds (`on`) or takes back one person's reaction to a text message they see, in one transaction
   * that keeps the message's copy of its reactions in step and logs the change. `changed` false:
   * it already was so. "full": a new emoji past REACTION_KINDS_MAX.
   */
  react(input: { conversationId: number; messageId: number; userId: number; emoji: string; on: boolean; at: number }): Promise<
    { changed: boolean; message: MessageRecord } | { refused: "not_member" | "not_found" | "full" }
  >;
  /** The texts a message had before each edit, oldest first (kept, never shown). */
  listEdits(messageId: number): Promise<{ body: string; editedAt: number }[]>;
  /**
   * Oldest first: the `limit` newest below `beforeId`, above `fromId` (where the reader's history
   * starts: quotes of messages at or below it are unavailable).
   */
  listMessagesBefore(conversationId: number, beforeId: number, limit: number, fromId: number): Promise<MessageRecord[]>;
  listMessagesAfter(conversationId: number, afterId: number, limit: number, fromId?: number): Promise<MessageRecord[]>;
  /** Members whose history starts after this message (a reply's quote of it is unavailable to them). */
  listMembersNotSeeing(conversationId: number, messageId: number): Promise<number[]>;

  // Files (lib/files): rows here, bytes in the file storage.
  /** Records a received file; undefined when the uploader is not (or no longer) a member. */
  createUpload(upload: NewUpload): Promise<UploadRecord | undefined>;
  /** The upload if this person may read it: a member who sees its message, or its uploader before it is sent. */
  findReadableUpload(uploadId: number, userId: number): Promise<UploadRecord | undefined>;
  /** Bytes this person uploaded at or after `since` (epoch ms), for the daily allowance. */
  uploadedBytesSince(userId: number, since: number): Promise<number>;
  /** Removes up to `limit` uploads never attached and created before `before`; their bytes are the caller's to delete. */
  removeStaleUploads(before: number, limit: number): Promise<UploadKeys[]>;

  // The change log (docs/decisions/0013-change-log.md)
  /** What changed for the reader after `after`, in commit order: at most `limit` rows of the log. */
  readChanges(userId: number, after: ChangePosition, limit: number): Promise<ChangePage>;
  /** The end of the log now: a read from here later gets every change that commits after this call. */
  changeHead(): Promise<ChangePosition>;
  /** Where the newest message with id at most `messageId` was created in the log (LOG_START: none). */
  creationPosition(messageId: number): Promise<ChangePosition>;
  /** Moves delivered/read forward only, never past the newest message; undefined for a non-member. */
  advanceReceipt(conversationId: number, userId: number, deliveredId: number, readId: number): Promise<ReceiptAdvance | undefined>;
  countUnread(conversationId: number, userId: number, afterId: number): Promise<number>;

  /** Answers when the database does (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Re-exported so domain code names roles without reaching into an adapter. */
export type { MemberRole };
