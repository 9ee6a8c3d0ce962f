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
  },
  (t) => [uniqueIndex("users_username_unique").on(sql`${t.username} COLLATE NOCASE`)],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["private"] }).notNull(),
    // "<lowId>:<highId>" for private conversations, so get-or-create is one unique lookup.
    pairKey: text("pair_key"),
    createdAt: integer("created_at").notNull(),
    lastMessageId: integer("last_message_id"),
  },
  (t) => [
    uniqueIndex("conversations_pair_key_unique").on(t.pairKey),
    index("conversations_last_message_idx").on(t.lastMessageId),
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
  },
  (t) => [
    index("messages_conversation_id_idx").on(t.conversationId, t.id),
    uniqueIndex("messages_sender_client_unique").on(t.senderId, t.clientId),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
