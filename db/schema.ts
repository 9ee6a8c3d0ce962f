import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Stored lower-cased; NOCASE keeps uniqueness case-blind even if a row is written by hand.
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    // When their last socket closed (after the presence grace period); null while never seen.
    lastSeenAt: integer("last_seen_at"),
    // Sessions carry the epoch they were issued in; signing out moves it on, ending every session.
    sessionEpoch: integer("session_epoch").notNull().default(0),
    // Who may put them in a group: anyone, or only people they have written to privately.
    groupInvites: text("group_invites", { enum: ["everyone", "contacts"] }).notNull().default("everyone"),
    // What others see instead of the username, when set: any script, 1-50 characters (lib/validation).
    displayName: text("display_name"),
    // A square photo in the file storage (lib/files/avatars.ts); null: initials are drawn.
    avatarKey: text("avatar_key"),
  },
  (t) => [uniqueIndex("users_username_unique").on(sql`${t.username} COLLATE NOCASE`)],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["private", "group", "lobby"] }).notNull(),
    // "<lowId>:<highId>" for private conversations and "lobby" for the lobby, so get-or-create is
    // one unique lookup; null for groups, of which there are any number.
    pairKey: text("pair_key"),
    // Groups only: private conversations are named after the peer, the lobby is "Lobby".
    title: text("title"),
    createdAt: integer("created_at").notNull(),
    lastMessageId: integer("last_message_id"),
  },
  (t) => [
    uniqueIndex("conversations_pair_key_unique").on(t.pairKey),
  ],
);

export const conversationMembers = sqliteTable(
  "conversation_members",
  {
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: integer("joined_at").notNull(),
    // Receipt positions: every message up to this id reached one of their devices / was seen.
    lastDeliveredId: integer("last_delivered_id").notNull().default(0),
    lastReadId: integer("last_read_id").notNull().default(0),
    role: text("role", { enum: ["admin", "member"] }).notNull().default("member"),
    // They see messages above this id only: a member added later reads from their joining onward.
    visibleFromId: integer("visible_from_id").notNull().default(0),
    muted: integer("muted", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index("conversation_members_user_idx").on(t.userId, t.conversationId),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    // AUTOINCREMENT: ids never go backwards, even after the newest row is removed.
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    senderId: integer("sender_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    clientId: text("client_id").notNull(),
    createdAt: integer("created_at").notNull(),
    // "notice": a line the app writes into the log (joins, leaves, renames, removals).
    kind: text("kind", { enum: ["text", "notice"] }).notNull().default("text"),
    // Set when an admin (or the sender) deletes it; the body is wiped at the same moment.
    deletedAt: integer("deleted_at"),
    // The files sent with it, as JSON (lib/chat/attachments.ts): copied from `uploads` when it is
    // stored, never changed after (an edit keeps them), emptied when it is deleted. Every read of a
    // message gets them without a join; `uploads` stays the record of where the bytes are.
    attachments: text("attachments").notNull().default("[]"),
    // Set when its sender last edited its text (the earlier texts are in message_edits).
    editedAt: integer("edited_at"),
    // Who reacted with what, as JSON ([{emoji, userIds}], first reaction first): kept in step with
    // `reactions` by the transaction that changes them, so every read of a message has them.
    reactions: text("reactions").notNull().default("[]"),
    // The message this one answers, in the same conversation. No foreign key: messages are never
    // removed one by one (a deletion wipes the row and keeps it), and adding one to this table
    // would make SQLite rebuild it.
    replyToId: integer("reply_to_id"),
  },
  (t) => [
    index("messages_conversation_id_idx").on(t.conversationId, t.id),
    uniqueIndex("messages_sender_client_unique").on(t.senderId, t.clientId),
  ],
);

/**
 * A file received for a conversation: stored under a random key (never its name), first on its
 * own, then attached to one message of the same sender and conversation. Unattached ones are
 * removed after a day; attached ones with their message's deletion.
 */
export const uploads = sqliteTable(
  "uploads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    uploaderId: integer("uploader_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    messageId: integer("message_id").references(() => messages.id, { onDelete: "set null" }),
    storageKey: text("storage_key").notNull(),
    thumbnailKey: text("thumbnail_key"),
    name: text("name").notNull(),
    // Sniffed from the bytes, never the browser's word.
    type: text("type").notNull(),
    size: integer("size").notNull(),
    width: integer("width"),
    height: integer("height"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("uploads_message_idx").on(t.messageId),
    index("uploads_uploader_idx").on(t.uploaderId, t.createdAt),
    index("uploads_created_idx").on(t.createdAt),
  ],
);

/** One row per (message, person, emoji): a reaction, pressed once, pressed again to take back. */
export const reactions = sqliteTable(
  "reactions",
  {
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    emoji: text("emoji").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

/**
 * Who a message calls by @username: members of its conversation other than its sender, resolved
 * as it is stored. Read for "an unread message mentions me" (the "@" in the chat list).
 */
export const mentions = sqliteTable(
  "mentions",
  {
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index("mentions_user_idx").on(t.userId, t.conversationId, t.messageId)],
);

/** Every text a message had before an edit, kept but never shown: only the current text is. */
export const messageEdits = sqliteTable(
  "message_edits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    // The text before this edit.
    body: text("body").notNull(),
    editedAt: integer("edited_at").notNull(),
  },
  (t) => [index("message_edits_message_idx").on(t.messageId)],
);

/** blocker no longer hears from blocked: no private conversation between them, no presence. */
export const blocks = sqliteTable(
  "blocks",
  {
    blockerId: integer("blocker_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    blockedId: integer("blocked_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("blocks_blocked_idx").on(t.blockedId)],
);

/**
 * The change log: one row per change a member can see, numbered in commit order (`seq`), read by
 * catch-up (GET /api/sync). A row is a message created ("message") or changed ("message_changed":
 * deleted, later edited or reacted to) in a conversation, or a conversation's state changed
 * ("conversation": created, renamed, members added or removed). `user_id` set: the row is for that
 * person only (removed from it, their mute); null: for every current member. No foreign keys: a
 * row outlives what it describes, so that "you were removed" still reaches someone whose
 * membership is gone.
 */
export const changes = sqliteTable(
  "changes",
  {
    // AUTOINCREMENT under SQLite's single writer: numbers are drawn and committed in one order.
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    // Always 0 here; on PostgreSQL the writing transaction's id, read with seq as (tx, seq): see
    // docs/decisions/0013-change-log.md. Kept in both so positions are the same shape (and a
    // ported log keeps its order: its rows come over with tx 0, before every new one).
    tx: integer("tx").notNull().default(0),
    kind: text("kind", { enum: ["message", "message_changed", "conversation"] }).notNull(),
    conversationId: integer("conversation_id").notNull(),
    userId: integer("user_id"),
    messageId: integer("message_id"),
  },
  (t) => [
    index("changes_conversation_idx").on(t.conversationId, t.tx, t.seq),
    index("changes_user_idx").on(t.userId, t.tx, t.seq),
    index("changes_message_idx").on(t.messageId),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
