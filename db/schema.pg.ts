// The PostgreSQL twin of db/schema.ts. Same tables, columns, defaults, keys and index names, so
// raw SQL can be shared where the dialects agree; the differences are listed in
// docs/decisions/0010-postgres-schema-and-migrations.md. Change both files together, then run
// `npm run db:generate` (it writes a migration for each dialect).
import { sql, type SQL } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

// Ids: an identity column draws from a sequence, and nextval() is never rolled back, so ids only
// grow, as SQLite's AUTOINCREMENT promises (gaps are possible in both). GENERATED ALWAYS rather
// than `serial` or BY DEFAULT: an id written by hand would not move the sequence on and a later
// insert would collide with it; ALWAYS refuses such writes (an import must say OVERRIDING SYSTEM
// VALUE and then setval). int4, not int8: 2^31 rows per table is far beyond a self-hosted chat,
// and pg returns int4 as a JS number while it returns int8 as a string in raw queries.
const id = () => integer("id").primaryKey().generatedAlwaysAsIdentity();

// Milliseconds since the epoch, as in SQLite; they outgrow int4, and stay below 2^53 for a number.
const millis = (name: string) => bigint(name, { mode: "number" });

// Enumerations stay text, as in SQLite (drizzle's text enum gives the same TypeScript types); a
// CHECK built from the same list also holds hand-written rows to it.
const USER_GROUP_INVITES = ["everyone", "contacts"] as const;
const CONVERSATION_KINDS = ["private", "group", "lobby"] as const;
const MEMBER_ROLES = ["admin", "member"] as const;
const MESSAGE_KINDS = ["text", "notice"] as const;
const CHANGE_KINDS = ["message", "message_changed", "conversation"] as const;

/** `<column> IN ('a', 'b')`; the values are the constants above, never input, so inlining is safe. */
function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;
}

export const users = pgTable(
  "users",
  {
    id: id(),
    // Stored lower-cased; the unique index on lower(username) keeps uniqueness case-blind even if
    // a row is written by hand (SQLite: COLLATE NOCASE). Look up with lower(username) = lower($1)
    // so the index is used.
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: millis("created_at").notNull(),
    lastSeenAt: millis("last_seen_at"),
    sessionEpoch: integer("session_epoch").notNull().default(0),
    groupInvites: text("group_invites", { enum: USER_GROUP_INVITES }).notNull().default("everyone"),
    displayName: text("display_name"),
    avatarKey: text("avatar_key"),
  },
  (t) => [
    uniqueIndex("users_username_unique").on(sql`lower(${t.username})`),
    check("users_group_invites_check", oneOf(t.groupInvites, USER_GROUP_INVITES)),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    kind: text("kind", { enum: CONVERSATION_KINDS }).notNull(),
    pairKey: text("pair_key"),
    title: text("title"),
    createdAt: millis("created_at").notNull(),
    lastMessageId: integer("last_message_id"),
  },
  (t) => [
    // A plain unique index allows any number of nulls (groups), as SQLite's does.
    uniqueIndex("conversations_pair_key_unique").on(t.pairKey),
    check("conversations_kind_check", oneOf(t.kind, CONVERSATION_KINDS)),
  ],
);

export const conversationMembers = pgTable(
  "conversation_members",
  {
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: millis("joined_at").notNull(),
    lastDeliveredId: integer("last_delivered_id").notNull().default(0),
    lastReadId: integer("last_read_id").notNull().default(0),
    role: text("role", { enum: MEMBER_ROLES }).notNull().default("member"),
    visibleFromId: integer("visible_from_id").notNull().default(0),
    muted: boolean("muted").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index("conversation_members_user_idx").on(t.userId, t.conversationId),
    check("conversation_members_role_check", oneOf(t.role, MEMBER_ROLES)),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: id(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    senderId: integer("sender_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    clientId: text("client_id").notNull(),
    createdAt: millis("created_at").notNull(),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull().default("text"),
    deletedAt: millis("deleted_at"),
    // JSON text, as in SQLite (not jsonb): written whole, read whole, never queried into.
    attachments: text("attachments").notNull().default("[]"),
    editedAt: millis("edited_at"),
    reactions: text("reactions").notNull().default("[]"),
    // As in SQLite, without a foreign key: messages are never removed one by one.
    replyToId: integer("reply_to_id"),
  },
  (t) => [
    index("messages_conversation_id_idx").on(t.conversationId, t.id),
    uniqueIndex("messages_sender_client_unique").on(t.senderId, t.clientId),
    check("messages_kind_check", oneOf(t.kind, MESSAGE_KINDS)),
  ],
);

export const reactions = pgTable(
  "reactions",
  {
    messageId: integer("message_id")
      .notNull()
      .references((): AnyPgColumn => messages.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    emoji: text("emoji").notNull(),
    createdAt: millis("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

export const mentions = pgTable(
  "mentions",
  {
    messageId: integer("message_id")
      .notNull()
      .references((): AnyPgColumn => messages.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index("mentions_user_idx").on(t.userId, t.conversationId, t.messageId)],
);

export const messageEdits = pgTable(
  "message_edits",
  {
    id: id(),
    messageId: integer("message_id")
      .notNull()
      .references((): AnyPgColumn => messages.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    editedAt: millis("edited_at").notNull(),
  },
  (t) => [index("message_edits_message_idx").on(t.messageId)],
);

export const uploads = pgTable(
  "uploads",
  {
    id: id(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    uploaderId: integer("uploader_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    messageId: integer("message_id").references((): AnyPgColumn => messages.id, { onDelete: "set null" }),
    storageKey: text("storage_key").notNull(),
    thumbnailKey: text("thumbnail_key"),
    name: text("name").notNull(),
    type: text("type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    width: integer("width"),
    height: integer("height"),
    createdAt: millis("created_at").notNull(),
  },
  (t) => [
    index("uploads_message_idx").on(t.messageId),
    index("uploads_uploader_idx").on(t.uploaderId, t.createdAt),
    index("uploads_created_idx").on(t.createdAt),
  ],
);

export const blocks = pgTable(
  "blocks",
  {
    blockerId: integer("blocker_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    blockedId: integer("blocked_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: millis("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("blocks_blocked_idx").on(t.blockedId)],
);

/**
 * The change log (see db/schema.ts). `seq` is drawn when a row is inserted, and rows of concurrent
 * transactions commit in any order, so `seq` alone is not commit order. `tx` is the writing
 * transaction's id (xid8 as a number); a reader takes only rows whose transaction is older than
 * every transaction still running (its snapshot's xmin), in (tx, seq) order, so nothing can later
 * commit below a position already read. docs/decisions/0013-change-log.md.
 */
export const changes = pgTable(
  "changes",
  {
    // int8: the log grows faster than any other table.
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tx: bigint("tx", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
    kind: text("kind", { enum: CHANGE_KINDS }).notNull(),
    conversationId: integer("conversation_id").notNull(),
    userId: integer("user_id"),
    messageId: integer("message_id"),
  },
  (t) => [
    index("changes_conversation_idx").on(t.conversationId, t.tx, t.seq),
    index("changes_user_idx").on(t.userId, t.tx, t.seq),
    index("changes_message_idx").on(t.messageId),
    check("changes_kind_check", oneOf(t.kind, CHANGE_KINDS)),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
