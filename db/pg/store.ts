import { setTimeout as delay } from "node:timers/promises";
import type pg from "pg";
import { UNREAD_CAP, type ConversationKind, type MemberRole } from "../../lib/chat/types";
import { parseAttachments, type StoredAttachment } from "../queries/attachments";
import { parseReactions, REACTION_KINDS_MAX, summarizeReactions } from "../queries/reactions";
import type { UploadKeys, UploadRecord } from "../queries/uploads";
import { messageIdsOf, toChangePage, type ChangeKind, type ChangeRow } from "../queries/changes";
import { MENTIONED_SQL, pairKey, toSummaryRecord, type SummaryRow } from "../queries/conversations";
import { REPLY_COLUMNS, replyJoin, toReplyRecord, withoutReplyColumns, type ReplyColumns } from "../queries/replies";
import type { GroupInvites } from "../queries/settings";
import {
  noticeMessage,
  type ChangePage,
  type ChangePosition,
  type ConversationRecord,
  type ConversationSummaryRecord,
  type MemberRecord,
  type MembershipRecord,
  type MessageRecord,
  type NewMessage,
  type NoticeDraft,
  type ProfileRecord,
  type ReceiptRecord,
  type Store,
  type StoreMessageResult,
} from "../store";
import type { PostgresHandle } from "./open";
import { SendBatcher } from "./send-batcher";

const LOBBY_KEY = "lobby";
/** How long a catch-up read waits for older writers to finish before leaving a change for later. */
const HORIZON_WAIT_MS = 2_000;
const HORIZON_POLL_MS = 5;

type Queryable = Pick<pg.PoolClient, "query">;

// Ids from requests are validated up to Number.MAX_SAFE_INTEGER while the id columns are int4: an
// id compared as a bare parameter would be typed int4 and fail "out of range" (a 500) instead of
// matching nothing, so every id the caller hands in is compared as ::bigint (int4 = int8 still
// uses the index).

// Aliases are quoted: PostgreSQL folds unquoted names to lower case.
const MESSAGE_COLUMNS = `m.id AS "id", m.conversation_id AS "conversationId", m.sender_id AS "senderId",
  u.username AS "senderName", m.body AS "body", m.client_id AS "clientId", m.created_at AS "createdAt",
  m.kind AS "kind", m.deleted_at IS NOT NULL AS "deleted", m.attachments AS "attachments", m.edited_at AS "editedAt",
  m.reactions AS "reactions", ${REPLY_COLUMNS}`;

/** A message with its sender and the message it answers. `visibleAbove`: see replyJoin. */
const messagesFrom = (visibleAbove?: string) => `messages m JOIN users u ON u.id = m.sender_id ${replyJoin(visibleAbove)}`;
const MESSAGES = messagesFrom();

interface MessageRow extends Omit<MessageRecord, "createdAt" | "attachments" | "editedAt" | "reactions" | "replyTo">, ReplyColumns {
  /** int8: pg hands it over as a string. */
  createdAt: string;
  attachments: string;
  editedAt: string | null;
  reactions: string;
}

const toMessage = (r: MessageRow): MessageRecord => ({
  ...withoutReplyColumns(r),
  createdAt: Number(r.createdAt),
  attachments: parseAttachments(r.attachments),
  editedAt: r.editedAt === null ? null : Number(r.editedAt),
  reactions: parseReactions(r.reactions),
  replyTo: toReplyRecord(r),
});

const PROFILE_COLUMNS = `id, username, display_name AS "displayName", avatar_key AS "avatarKey"`;

const PG_UPLOAD_COLUMNS = `up.id AS "id", up.conversation_id AS "conversationId", up.uploader_id AS "uploaderId",
  up.message_id AS "messageId", up.storage_key AS "storageKey", up.thumbnail_key AS "thumbnailKey", up.name AS "name",
  up.type AS "type", up.size AS "size", up.width AS "width", up.height AS "height", up.created_at AS "createdAt"`;

interface PgUploadRow extends Omit<UploadRecord, "size" | "createdAt"> {
  /** int8 columns come as strings. */
  size: string;
  createdAt: string;
}

const toUpload = (r: PgUploadRow): UploadRecord => ({ ...r, size: Number(r.size), createdAt: Number(r.createdAt) });

/** The record of a message just written, from what was asked and what the insert answered. */
const written = (m: NewMessage, id: number, attachments: StoredAttachment[]): MessageRecord => {
  const { attachmentIds: _ids, replyToId: _reply, mentions: _mentions, ...fields } = m;
  return { id, ...fields, deleted: false, attachments, editedAt: null, reactions: [], replyTo: null };
};

// Same rule as the SQLite query: notices and deleted messages are not something to read, and the
// count stops at UNREAD_CAP.
const UNREAD_SQL = `SELECT 1 FROM messages u
  WHERE u.conversation_id = me.conversation_id AND u.id > me.last_read_id AND u.sender_id <> me.user_id
    AND u.kind = 'text' AND u.deleted_at IS NULL
  LIMIT ${UNREAD_CAP}`;

const MEMBER_COLUMNS = `cm.conversation_id AS "conversationId", cm.user_id AS "userId", u.username AS "username",
  cm.role AS "role", cm.last_delivered_id AS "lastDeliveredId", cm.last_read_id AS "lastReadId"`;

/** int8 comes back from pg as a string. */
type PgSummaryRow = Omit<SummaryRow, "mCreatedAt"> & { mCreatedAt: string | null };

/** int8 columns come back from pg as strings. */
type PgChangeRow = Omit<ChangeRow, "tx" | "seq"> & { tx: string; seq: string };

type Isolation = "READ COMMITTED" | "REPEATABLE READ READ ONLY";

/**
 * PostgreSQL over a pg pool. Each command is one transaction on one pooled client, holding nothing
 * but its own statements; single-statement reads run as their own (autocommit) transaction.
 *
 * Locking (docs/decisions/0012 and 0013): every command that writes into a conversation (a
 * message, a notice, a membership change, a deletion) first locks that conversation's row FOR
 * UPDATE. Writers to one conversation therefore run one at a time (they would anyway: each message
 * moves the row's last_message_id), so the membership and admin re-checks they make cannot be
 * overtaken; writers to different conversations run in parallel. A block and a private message are
 * ordered by an advisory lock on the pair of people (exclusive for the block, shared for the
 * message): the message either committed before the block or sees it. Nothing is ordered
 * globally: the change log is read in commit order by its own rule (readChanges).
 */
export function createPostgresStore(handle: PostgresHandle): Store {
  const { pool } = handle;

  async function tx<T>(work: (client: pg.PoolClient) => Promise<T>, isolation: Isolation = "READ COMMITTED"): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query("COMMIT");
      client.release();
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
        client.release();
      } catch {
        // The connection itself failed: drop it rather than hand a broken one to the next command.
        client.release(true);
      }
      throw error;
    }
  }

  /** A transaction that writes into one conversation: its row is locked first (see above). */
  const conversationTx = <T>(conversationId: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
    tx(async (client) => {
      await client.query("SELECT 1 FROM conversations WHERE id = $1::bigint FOR UPDATE", [conversationId]);
      return work(client);
    });

  /**
   * The advisory lock of a pair of people, in the two-int4 key space, which nothing else uses:
   * (lower id, higher id).
   */
  const lockPair = async (c: Queryable, a: number, b: number, mode: "shared" | "exclusive") => {
    const fn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
    await c.query(`SELECT ${fn}($1::int, $2::int)`, [Math.min(a, b), Math.max(a, b)]);
  };

  /** A row in the change log, committed with the change it records; `tx` is filled in by its default. */
  const record = async (c: Queryable, kind: ChangeKind, conversationId: number, userId: number | null = null, messageId: number | null = null) => {
    await c.query("INSERT INTO changes (kind, conversation_id, user_id, message_id) VALUES ($1, $2, $3, $4)", [kind, conversationId, userId, messageId]);
  };

  const one = async <R extends pg.QueryResultRow>(c: Queryable, text: string, values: unknown[]): Promise<R | undefined> =>
    (await c.query<R>(text, values)).rows[0];
  const all = async <R extends pg.QueryResultRow>(c: Queryable, text: string, values: unknown[]): Promise<R[]> =>
    (await c.query<R>(text, values)).rows;
  const changed = async (c: Queryable, text: string, values: unknown[]): Promise<boolean> =>
    ((await c.query(text, values)).rowCount ?? 0) > 0;

  /** Inserts once per (sender, clientId) and moves the conversation's newest id; undefined on a retry. */
  async function insertMessage(c: Queryable, m: NewMessage): Promise<MessageRecord | undefined> {
    const row = await one<{ id: number }>(
      c,
      `INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at, kind)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (sender_id, client_id) DO NOTHING
       RETURNING id`,
      [m.conversationId, m.senderId, m.body, m.clientId, m.createdAt, m.kind],
    );
    if (!row) return undefined;
    await c.query("UPDATE conversations SET last_message_id = $1 WHERE id = $2::bigint", [row.id, m.conversationId]);
    await record(c, "message", m.conversationId, null, row.id);
    return written(m, row.id, []);
  }

  async function insertNotice(c: Queryable, conversationId: number, draft: NoticeDraft, at: number): Promise<MessageRecord> {
    const stored = await insertMessage(c, noticeMessage(conversationId, draft, at));
    if (!stored) throw new Error("a notice's fresh clientId collided");
    return stored;
  }

  /** The actor is an admin of this group; their membership row stays locked until commit. */
  async function isAdmin(c: Queryable, conversationId: number, userId: number): Promise<boolean> {
    const row = await one<{ kind: ConversationKind; role: MemberRole }>(
      c,
      `SELECT c.kind, cm.role FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
       WHERE cm.conversation_id = $1::bigint AND cm.user_id = $2::bigint FOR SHARE OF cm`,
      [conversationId, userId],
    );
    return row?.kind === "group" && row.role === "admin";
  }

  const newestId = async (c: Queryable, conversationId: number): Promise<number> =>
    (await one<{ id: number | null }>(c, "SELECT last_message_id AS id FROM conversations WHERE id = $1::bigint", [conversationId]))?.id ?? 0;

  /** Receipt positions start where visibility does, so history from before joining is never unread. */
  async function addMember(c: Queryable, conversationId: number, userId: number, at: number, fromStart: boolean): Promise<boolean> {
    const newest = await newestId(c, conversationId);
    return changed(
      c,
      `INSERT INTO conversation_members
         (conversation_id, user_id, joined_at, role, visible_from_id, last_delivered_id, last_read_id)
       VALUES ($1, $2, $3, 'member', $4, $5, $5) ON CONFLICT DO NOTHING`,
      [conversationId, userId, at, fromStart ? 0 : newest, newest],
    );
  }

  const insertFreshMember = (c: Queryable, conversationId: number, userId: number, at: number, role: MemberRole) =>
    c.query(
      `INSERT INTO conversation_members
         (conversation_id, user_id, joined_at, role, visible_from_id, last_delivered_id, last_read_id)
       VALUES ($1, $2, $3, $4, 0, 0, 0) ON CONFLICT DO NOTHING`,
      [conversationId, userId, at, role],
    );

  /** Get-or-create by pair_key: the unique index decides a race; the loser waits, then reads the winner's row. */
  async function getOrCreateKeyed(c: Queryable, kind: ConversationKind, key: string, title: string | null, at: number) {
    await c.query(
      "INSERT INTO conversations (kind, pair_key, title, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (pair_key) DO NOTHING",
      [kind, key, title, at],
    );
    const conversation = await one<ConversationRecord>(c, "SELECT id, kind, title FROM conversations WHERE pair_key = $1", [key]);
    if (!conversation) throw new Error(`conversation ${key} vanished inside its own transaction`);
    return conversation;
  }

  /** What chat_store_message answers for one message. */
  interface StoreRow {
    outcome: "stored" | "existing" | "not_member" | "blocked" | "bad_attachments" | "bad_reply";
    message_id: number | null;
    conversation_kind: ConversationKind | null;
    member_ids: number[] | null;
    /** JSON, for a stored message. */
    attachments: string | null;
    /** For a stored reply: the members whose history starts after the message it answers. */
    reply_hidden_ids: number[] | null;
    mentioned_ids: number[] | null;
  }
  const messageArgs = (m: NewMessage) => [m.conversationId, m.senderId, m.body, m.clientId, m.createdAt, m.kind, m.attachmentIds ?? [], m.replyToId ?? null, m.mentions ?? []];
  const sends = new SendBatcher<NewMessage, StoreRow>(
    async (batch) => {
      // Named: each pooled connection parses and plans it once.
      const { rows } = await pool.query<StoreRow & { idx: number }>({
        name: "chat_store_messages",
        text: "SELECT * FROM chat_store_messages($1::jsonb)",
        values: [JSON.stringify(batch)],
      });
      return rows.sort((x, y) => x.idx - y.idx);
    },
    async (one) => {
      const { rows } = await pool.query<StoreRow>({
        name: "chat_store_message",
        text: "SELECT * FROM chat_store_message($1::bigint, $2::bigint, $3, $4, $5::bigint, $6, $7::integer[], $8::bigint, $9::text[])",
        values: messageArgs(one),
      });
      if (!rows[0]) throw new Error("chat_store_message returned nothing");
      return rows[0];
    },
    Math.max(1, Math.floor(handle.poolSize / 2)),
    64,
  );

  async function findMessage(conversationId: number, messageId: number): Promise<MessageRecord | undefined> {
    const row = await one<MessageRow>(pool, `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES} WHERE m.id = $1::bigint AND m.conversation_id = $2::bigint`, [
      messageId,
      conversationId,
    ]);
    return row && toMessage(row);
  }

  async function toStoreResult(message: NewMessage, row: StoreRow): Promise<StoreMessageResult> {
    if (row.outcome === "not_member" || row.outcome === "blocked" || row.outcome === "bad_attachments" || row.outcome === "bad_reply") {
      return { kind: row.outcome };
    }
    if (row.outcome === "stored" && row.message_id !== null && row.conversation_kind !== null) {
      const stored = written(message, row.message_id, parseAttachments(row.attachments));
      // A reply reads its quote back after the commit (the sender saw the original: checked in it).
      const readBack = message.replyToId ? await findMessage(message.conversationId, row.message_id) : undefined;
      return {
        kind: "stored",
        message: readBack ? { ...stored, replyTo: readBack.replyTo } : stored,
        conversation: { id: message.conversationId, kind: row.conversation_kind },
        memberIds: row.member_ids,
        replyHiddenFrom: row.reply_hidden_ids ?? [],
        mentionedIds: row.mentioned_ids ?? [],
      };
    }
    const existing = await one<MessageRow>(
      pool,
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES} WHERE m.sender_id = $1::bigint AND m.client_id = $2`,
      [message.senderId, message.clientId],
    );
    return { kind: "existing", message: existing && toMessage(existing) };
  }

  const findUserById = (id: number) =>
    one<{ id: number; username: string }>(pool, "SELECT id, username FROM users WHERE id = $1::bigint", [id]);

  return {
    findUserById,
    findUserByUsername: (username) =>
      one(
        pool,
        `SELECT id, username, password_hash AS "passwordHash", session_epoch AS "sessionEpoch"
         FROM users WHERE lower(username) = lower($1)`,
        [username],
      ),
    findSessionUser: (id) => one(pool, `SELECT id, username, session_epoch AS "sessionEpoch" FROM users WHERE id = $1::bigint`, [id]),
    listUsersExcept: async (id) => {
      // COLLATE "C": byte order, as SQLite's default BINARY collation, whatever the database locale.
      const rows = await all<{ id: number; username: string; displayName: string | null; avatarKey: string | null; lastSeenAt: string | null }>(
        pool,
        `SELECT id, username, display_name AS "displayName", avatar_key AS "avatarKey", last_seen_at AS "lastSeenAt"
         FROM users WHERE id <> $1::bigint ORDER BY username COLLATE "C"`,
        [id],
      );
      return rows.map((r) => ({ ...r, lastSeenAt: r.lastSeenAt === null ? null : Number(r.lastSeenAt) }));
    },
    getProfile: (id) => one(pool, `SELECT ${PROFILE_COLUMNS} FROM users WHERE id = $1::bigint`, [id]),
    setDisplayName: (id, displayName) => one(pool, `UPDATE users SET display_name = $2 WHERE id = $1::bigint RETURNING ${PROFILE_COLUMNS}`, [id, displayName]),
    setAvatar: async (id, avatarKey) => {
      // The old key from the row as it was locked, the new profile as written: one statement.
      const row = await one<ProfileRecord & { previousKey: string | null }>(
        pool,
        `UPDATE users u SET avatar_key = $2 FROM (SELECT avatar_key FROM users WHERE id = $1::bigint FOR UPDATE) old
         WHERE u.id = $1::bigint
         RETURNING u.id, u.username, u.display_name AS "displayName", u.avatar_key AS "avatarKey", old.avatar_key AS "previousKey"`,
        [id, avatarKey],
      );
      if (!row) return undefined;
      const { previousKey, ...profile } = row;
      return { profile, previousKey };
    },
    // No conflict target: DO NOTHING covers the unique index on lower(username).
    createUser: (username, passwordHash, at) =>
      one(
        pool,
        "INSERT INTO users (username, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id, username",
        [username, passwordHash, at],
      ),
    endSessions: async (id) => {
      await pool.query("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1::bigint", [id]);
    },
    changePassword: async (id, hash) =>
      (
        await one<{ epoch: number }>(
          pool,
          `UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1 WHERE id = $1::bigint RETURNING session_epoch AS "epoch"`,
          [id, hash],
        )
      )?.epoch ?? null,
    setLastSeen: async (id, at) => {
      await pool.query("UPDATE users SET last_seen_at = $2 WHERE id = $1::bigint", [id, at]);
    },
    getGroupInvites: async (id) =>
      (await one<{ value: GroupInvites }>(pool, `SELECT group_invites AS "value" FROM users WHERE id = $1::bigint`, [id]))?.value ?? "everyone",
    setGroupInvites: async (id, value) => {
      await pool.query("UPDATE users SET group_invites = $2 WHERE id = $1::bigint", [id, value]);
    },
    // Only the author's own text messages count, as in SQLite.
    hasWrittenTo: async (author, other) =>
      (await one(
        pool,
        `SELECT 1 FROM conversations c JOIN messages m ON m.conversation_id = c.id
         WHERE c.pair_key = $1 AND m.sender_id = $2::bigint AND m.kind = 'text' LIMIT 1`,
        [pairKey(author, other), author],
      )) !== undefined,

    block: (blocker, blocked, at) =>
      tx(async (c) => {
        await lockPair(c, blocker, blocked, "exclusive");
        return changed(c, "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [blocker, blocked, at]);
      }),
    unblock: (blocker, blocked) => changed(pool, "DELETE FROM blocks WHERE blocker_id = $1::bigint AND blocked_id = $2::bigint", [blocker, blocked]),
    listBlockedIds: async (id) =>
      (await all<{ id: number }>(pool, "SELECT blocked_id AS id FROM blocks WHERE blocker_id = $1::bigint ORDER BY blocked_id", [id])).map((r) => r.id),
    listBlockerIds: async (id) =>
      (await all<{ id: number }>(pool, "SELECT blocker_id AS id FROM blocks WHERE blocked_id = $1::bigint ORDER BY blocker_id", [id])).map((r) => r.id),
    isBlockedEitherWay: (a, b) => isBlocked(pool, a, b),

    findConversation: (id) => one(pool, "SELECT id, kind, title FROM conversations WHERE id = $1::bigint", [id]),
    findMembership: (conversationId, userId) => findMembership(pool, conversationId, userId),
    listMemberIds: async (conversationId) =>
      (
        await all<{ userId: number }>(
          pool,
          `SELECT user_id AS "userId" FROM conversation_members WHERE conversation_id = $1::bigint ORDER BY user_id`,
          [conversationId],
        )
      ).map((r) => r.userId),
    listMembers: (conversationId) =>
      all<MemberRecord>(
        pool,
        `SELECT ${MEMBER_COLUMNS} FROM conversation_members cm JOIN users u ON u.id = cm.user_id
         WHERE cm.conversation_id = $1::bigint ORDER BY cm.joined_at, cm.user_id`,
        [conversationId],
      ),
    countMembers: async (conversationId) =>
      (await one<{ n: number }>(pool, "SELECT count(*)::int AS n FROM conversation_members WHERE conversation_id = $1::bigint", [conversationId]))?.n ?? 0,
    // One snapshot for both reads, so the members match the summaries they are listed with.
    listConversations: (userId) =>
      tx(async (c) => {
        const rows = await all<PgSummaryRow>(
          c,
          `SELECT c.id AS "id", c.kind AS "kind", c.title AS "title", me.role AS "role",
                  me.visible_from_id AS "visibleFromId", me.muted AS "muted",
                  m.id AS "mId", m.sender_id AS "mSenderId", su.username AS "mSenderName", m.body AS "mBody",
                  m.client_id AS "mClientId", m.created_at AS "mCreatedAt", m.kind AS "mKind",
                  m.deleted_at IS NOT NULL AS "mDeleted", m.attachments AS "mAttachments", m.edited_at AS "mEditedAt", m.reactions AS "mReactions",
                  ${REPLY_COLUMNS},
                  me.last_delivered_id AS "myDelivered", me.last_read_id AS "myRead",
                  (SELECT count(*)::int FROM (${UNREAD_SQL}) unread) AS "unread",
                  ${MENTIONED_SQL} AS "mentioned",
                  (SELECT count(*)::int FROM conversation_members n WHERE n.conversation_id = c.id) AS "memberCount"
           FROM conversation_members me
           JOIN conversations c ON c.id = me.conversation_id
           LEFT JOIN messages m ON m.id = c.last_message_id AND m.id > me.visible_from_id
           LEFT JOIN users su ON su.id = m.sender_id
           ${replyJoin("me.visible_from_id")}
           WHERE me.user_id = $1::bigint
           ORDER BY c.last_message_id IS NULL, c.last_message_id DESC, c.id DESC`,
          [userId],
        );
        // Everyone in each of my conversations but the lobby (whose member list is everyone).
        const members = await all<MemberRecord>(
          c,
          `SELECT ${MEMBER_COLUMNS} FROM conversation_members me
           JOIN conversations c ON c.id = me.conversation_id AND c.kind <> 'lobby'
           JOIN conversation_members cm ON cm.conversation_id = me.conversation_id
           JOIN users u ON u.id = cm.user_id
           WHERE me.user_id = $1::bigint ORDER BY cm.conversation_id, cm.joined_at, cm.user_id`,
          [userId],
        );
        return { summaries: rows.map(toSummary), members };
      }, "REPEATABLE READ READ ONLY"),
    findPrivateConversation: (a, b) => one(pool, "SELECT id, kind, title FROM conversations WHERE pair_key = $1", [pairKey(a, b)]),
    getOrCreatePrivateConversation: (a, b, at) =>
      tx(async (c) => {
        const existing = await one<ConversationRecord>(c, "SELECT id, kind, title FROM conversations WHERE pair_key = $1", [pairKey(a, b)]);
        if (existing) return existing;
        const conversation = await getOrCreateKeyed(c, "private", pairKey(a, b), null, at);
        // Members are added once: by whichever transaction inserted the row (the other waited on
        // the unique index, then read it, and adds nothing).
        if ((await insertFreshMember(c, conversation.id, a, at, "member")).rowCount) {
          await insertFreshMember(c, conversation.id, b, at, "member");
          await record(c, "conversation", conversation.id);
        }
        return conversation;
      }),
    getOrCreateLobby: (title, at) => tx((c) => getOrCreateKeyed(c, "lobby", LOBBY_KEY, title, at)),
    setMuted: (conversationId, userId, muted) =>
      tx(async (c) => {
        if (!(await changed(c, "UPDATE conversation_members SET muted = $3 WHERE conversation_id = $1::bigint AND user_id = $2::bigint", [conversationId, userId, muted]))) {
          return false;
        }
        await record(c, "conversation", conversationId, userId);
        return true;
      }),

    // A new conversation: nobody else can write into it before this commits.
    createGroup: ({ title, creatorId, memberIds, at, notice }) =>
      tx(async (c) => {
        const row = await one<{ id: number }>(c, "INSERT INTO conversations (kind, title, created_at) VALUES ('group', $1, $2) RETURNING id", [
          title,
          at,
        ]);
        if (!row) throw new Error("inserting a group returned nothing");
        await insertFreshMember(c, row.id, creatorId, at, "admin");
        for (const id of memberIds) await insertFreshMember(c, row.id, id, at, "member");
        await record(c, "conversation", row.id);
        const conversation: ConversationRecord = { id: row.id, kind: "group", title };
        return { conversation, notice: await insertNotice(c, row.id, notice, at) };
      }),
    renameGroup: ({ conversationId, actorId, title, notice }) =>
      conversationTx(conversationId, async (c) => {
        if (!(await isAdmin(c, conversationId, actorId))) return { refused: "not_admin" as const };
        await c.query("UPDATE conversations SET title = $1 WHERE id = $2::bigint AND kind = 'group'", [title, conversationId]);
        await record(c, "conversation", conversationId);
        return { notice: await insertNotice(c, conversationId, notice, Date.now()) };
      }),
    addMembers: ({ conversationId, actorId, userIds, at, notice }) =>
      conversationTx(conversationId, async (c) => {
        if (!(await isAdmin(c, conversationId, actorId))) return { refused: "not_admin" as const };
        // Everyone is added before the notice, so each new member's history starts with it.
        for (const id of userIds) await addMember(c, conversationId, id, at, false);
        await record(c, "conversation", conversationId);
        return { notice: await insertNotice(c, conversationId, notice, at) };
      }),
    removeMember: ({ conversationId, actorId, targetId, notice, heirNotice }) =>
      conversationTx(conversationId, async (c) => {
        if (actorId !== targetId && !(await isAdmin(c, conversationId, actorId))) return { refused: "not_admin" as const };
        if (!(await changed(c, "DELETE FROM conversation_members WHERE conversation_id = $1::bigint AND user_id = $2::bigint", [conversationId, targetId]))) {
          return { refused: "not_found" as const };
        }
        // The others see the new member list; the one removed, that it is gone for them.
        await record(c, "conversation", conversationId);
        await record(c, "conversation", conversationId, targetId);
        const at = Date.now();
        const notices = [await insertNotice(c, conversationId, notice, at)];
        const admins = await one<{ n: number }>(
          c,
          "SELECT count(*)::int AS n FROM conversation_members WHERE conversation_id = $1::bigint AND role = 'admin'",
          [conversationId],
        );
        if ((admins?.n ?? 0) === 0) {
          // The member who joined first takes over; locked so they cannot leave before this commits.
          const heir = await one<{ id: number; username: string }>(
            c,
            `SELECT u.id, u.username FROM conversation_members cm JOIN users u ON u.id = cm.user_id
             WHERE cm.conversation_id = $1::bigint ORDER BY cm.joined_at, cm.user_id LIMIT 1 FOR UPDATE OF cm`,
            [conversationId],
          );
          if (heir) {
            await c.query("UPDATE conversation_members SET role = 'admin' WHERE conversation_id = $1::bigint AND user_id = $2::bigint", [conversationId, heir.id]);
            notices.push(await insertNotice(c, conversationId, heirNotice(heir), at));
          }
        }
        return { notices };
      }),
    joinLobby: ({ lobbyId, userId, at, notice }) =>
      conversationTx(lobbyId, async (c) => {
        if (!(await addMember(c, lobbyId, userId, at, true))) return null;
        await record(c, "conversation", lobbyId);
        return insertNotice(c, lobbyId, notice, at);
      }),

    // One round trip: the checks, the insert, the conversation's newest id and the change-log row
    // run in the function chat_store_message (drizzle/pg/0002_store_message.sql), as one statement
    // and so one transaction; sends arriving together share one (SendBatcher). The same rules as
    // the SQLite adapter's storeMessage.
    storeMessage: async (message): Promise<StoreMessageResult> => toStoreResult(message, await sends.submit(message)),
    findMessage,
    deleteMessage: ({ conversationId, messageId, actorId, at }) =>
      conversationTx(conversationId, async (c) => {
        const membership = await findMembership(c, conversationId, actorId);
        if (!membership) return { refused: "not_member" as const };
        const row = await one<MessageRow>(
          c,
          `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES} WHERE m.id = $1::bigint AND m.conversation_id = $2::bigint`,
          [messageId, conversationId],
        );
        if (!row || row.id <= membership.visibleFromId || row.kind !== "text") return { refused: "not_found" as const };
        if (row.senderId !== actorId && !(membership.kind === "group" && membership.role === "admin")) return { refused: "not_admin" as const };
        const deleted = await changed(
          c,
          "UPDATE messages SET body = '', attachments = '[]', reactions = '[]', deleted_at = $1 WHERE id = $2::bigint AND conversation_id = $3::bigint AND deleted_at IS NULL",
          [at, messageId, conversationId],
        );
        await c.query("DELETE FROM reactions WHERE message_id = $1::bigint", [messageId]);
        const files = await all<UploadKeys>(
          c,
          `DELETE FROM uploads WHERE message_id = $1::bigint RETURNING storage_key AS "storageKey", thumbnail_key AS "thumbnailKey"`,
          [messageId],
        );
        if (deleted) await record(c, "message_changed", conversationId, null, messageId);
        return { deleted, message: { ...toMessage(row), body: "", deleted: true, attachments: [], reactions: [] }, files };
      }),
    editMessage: ({ conversationId, messageId, actorId, body, at, notBefore }) =>
      conversationTx(conversationId, async (c) => {
        const membership = await findMembership(c, conversationId, actorId);
        if (!membership) return { refused: "not_member" as const };
        const row = await one<MessageRow>(
          c,
          `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES} WHERE m.id = $1::bigint AND m.conversation_id = $2::bigint FOR UPDATE OF m`,
          [messageId, conversationId],
        );
        const message = row && toMessage(row);
        if (!message || message.id <= membership.visibleFromId || message.kind !== "text" || message.deleted) return { refused: "not_found" as const };
        if (message.senderId !== actorId) return { refused: "not_sender" as const };
        if (message.createdAt < notBefore) return { refused: "window_over" as const };
        if (message.body === body) return { changed: false, message };
        await c.query("UPDATE messages SET body = $1, edited_at = $2 WHERE id = $3::bigint", [body, at, messageId]);
        await c.query("INSERT INTO message_edits (message_id, body, edited_at) VALUES ($1, $2, $3)", [messageId, message.body, at]);
        await record(c, "message_changed", conversationId, null, messageId);
        return { changed: true, message: { ...message, body, editedAt: at } };
      }),
    listEdits: async (messageId) =>
      (
        await all<{ body: string; editedAt: string }>(pool, `SELECT body, edited_at AS "editedAt" FROM message_edits WHERE message_id = $1::bigint ORDER BY id`, [
          messageId,
        ])
      ).map((r) => ({ body: r.body, editedAt: Number(r.editedAt) })),
    react: ({ conversationId, messageId, userId, emoji, on, at }) =>
      // The conversation's row lock orders every change to its messages: presses racing on one
      // message take turns, and each sees the rows the one before it left.
      conversationTx(conversationId, async (c) => {
        const membership = await findMembership(c, conversationId, userId);
        if (!membership) return { refused: "not_member" as const };
        const row = await one<MessageRow>(
          c,
          `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES} WHERE m.id = $1::bigint AND m.conversation_id = $2::bigint`,
          [messageId, conversationId],
        );
        const message = row && toMessage(row);
        if (!message || message.id <= membership.visibleFromId || message.kind !== "text" || message.deleted) return { refused: "not_found" as const };
        const rowsNow = () =>
          all<{ emoji: string; userId: number }>(c, `SELECT emoji, user_id AS "userId" FROM reactions WHERE message_id = $1::bigint ORDER BY created_at, user_id, emoji`, [
            messageId,
          ]);
        if (on) {
          const current = summarizeReactions(await rowsNow());
          if (!current.some((r) => r.emoji === emoji) && current.length >= REACTION_KINDS_MAX) return { refused: "full" as const };
        }
        const changedRows = on
          ? await changed(c, "INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [messageId, userId, emoji, at])
          : await changed(c, "DELETE FROM reactions WHERE message_id = $1::bigint AND user_id = $2::bigint AND emoji = $3", [messageId, userId, emoji]);
        if (!changedRows) return { changed: false, message };
        const next = summarizeReactions(await rowsNow());
        await c.query("UPDATE messages SET reactions = $1 WHERE id = $2::bigint", [JSON.stringify(next), messageId]);
        await record(c, "message_changed", conversationId, null, messageId);
        return { changed: true, message: { ...message, reactions: next } };
      }),
    createUpload: (upload) =>
      tx(async (c) => {
        // FOR SHARE: a removal of the uploader commits before this read, or waits for the insert.
        const member = await one(c, "SELECT 1 FROM conversation_members WHERE conversation_id = $1::bigint AND user_id = $2::bigint FOR SHARE", [
          upload.conversationId,
          upload.uploaderId,
        ]);
        if (!member) return undefined;
        const row = await one<PgUploadRow>(
          c,
          `INSERT INTO uploads AS up (conversation_id, uploader_id, storage_key, thumbnail_key, name, type, size, width, height, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${PG_UPLOAD_COLUMNS}`,
          [upload.conversationId, upload.uploaderId, upload.storageKey, upload.thumbnailKey, upload.name, upload.type, upload.size, upload.width, upload.height, upload.createdAt],
        );
        return row && toUpload(row);
      }),
    findReadableUpload: async (uploadId, userId) => {
      const row = await one<PgUploadRow>(
        pool,
        `SELECT ${PG_UPLOAD_COLUMNS} FROM uploads up
         LEFT JOIN conversation_members cm ON cm.conversation_id = up.conversation_id AND cm.user_id = $2::bigint
         WHERE up.id = $1::bigint AND (
           (up.message_id IS NOT NULL AND cm.user_id IS NOT NULL AND up.message_id > cm.visible_from_id)
           OR (up.message_id IS NULL AND up.uploader_id = $2::bigint)
         )`,
        [uploadId, userId],
      );
      return row && toUpload(row);
    },
    uploadedBytesSince: async (userId, since) =>
      Number((await one<{ n: string | null }>(pool, "SELECT sum(size)::text AS n FROM uploads WHERE uploader_id = $1::bigint AND created_at >= $2", [userId, since]))?.n ?? 0),
    removeStaleUploads: (before, limit) =>
      all<UploadKeys>(
        pool,
        `DELETE FROM uploads WHERE id IN (
           SELECT id FROM uploads WHERE message_id IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
         ) RETURNING storage_key AS "storageKey", thumbnail_key AS "thumbnailKey"`,
        [before, limit],
      ),
    listMessagesBefore: async (conversationId, beforeId, limit, fromId) =>
      (
        await all<MessageRow>(
          pool,
          `SELECT ${MESSAGE_COLUMNS} FROM ${messagesFrom("$3::bigint")}
           WHERE m.conversation_id = $1::bigint AND m.id < $2::bigint AND m.id > $3::bigint ORDER BY m.id DESC LIMIT $4`,
          [conversationId, beforeId, fromId, limit],
        )
      )
        .reverse()
        .map(toMessage),
    listMessagesAfter: async (conversationId, afterId, limit, fromId) =>
      (
        await all<MessageRow>(
          pool,
          `SELECT ${MESSAGE_COLUMNS} FROM ${messagesFrom("$4::bigint")}
           WHERE m.conversation_id = $1::bigint AND m.id > $2::bigint ORDER BY m.id ASC LIMIT $3`,
          [conversationId, afterId, limit, fromId ?? 0],
        )
      ).map(toMessage),
    listMembersNotSeeing: async (conversationId, messageId) =>
      (
        await all<{ userId: number }>(
          pool,
          `SELECT user_id AS "userId" FROM conversation_members WHERE conversation_id = $1::bigint AND visible_from_id >= $2::bigint ORDER BY user_id`,
          [conversationId, messageId],
        )
      ).map((r) => r.userId),
    // One UPDATE moves both positions forward only (GREATEST) and never past the newest message
    // (LEAST), under the row lock it takes; it writes only when something moves. When it wrote
    // nothing, the current positions are read back (none: not a member).
    advanceReceipt: (conversationId, userId, deliveredId, readId) =>
      tx(async (c) => {
        const moved = await one<ReceiptRecord>(
          c,
          `WITH next AS (
             SELECT cm.conversation_id, cm.user_id,
                    GREATEST(cm.last_delivered_id, LEAST(GREATEST($3::bigint, $4::bigint), COALESCE(c.last_message_id, 0))) AS delivered,
                    GREATEST(cm.last_read_id, LEAST($4::bigint, COALESCE(c.last_message_id, 0))) AS read
             FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
             WHERE cm.conversation_id = $1::bigint AND cm.user_id = $2::bigint
           )
           UPDATE conversation_members cm
              SET last_delivered_id = GREATEST(cm.last_delivered_id, next.delivered),
                  last_read_id = GREATEST(cm.last_read_id, next.read)
           FROM next
           WHERE cm.conversation_id = next.conversation_id AND cm.user_id = next.user_id
             AND (next.delivered > cm.last_delivered_id OR next.read > cm.last_read_id)
           RETURNING cm.last_delivered_id AS "lastDeliveredId", cm.last_read_id AS "lastReadId"`,
          [conversationId, userId, deliveredId, readId],
        );
        if (moved) return { receipt: moved, changed: true };
        const current = await one<ReceiptRecord>(
          c,
          `SELECT last_delivered_id AS "lastDeliveredId", last_read_id AS "lastReadId"
           FROM conversation_members WHERE conversation_id = $1::bigint AND user_id = $2::bigint`,
          [conversationId, userId],
        );
        return current && { receipt: current, changed: false };
      }),
    countUnread: async (conversationId, userId, afterId) =>
      (
        await one<{ n: number }>(
          pool,
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM messages WHERE conversation_id = $1::bigint AND id > $2::bigint AND sender_id <> $3::bigint
             AND kind = 'text' AND deleted_at IS NULL LIMIT ${UNREAD_CAP}) unread`,
          [conversationId, afterId, userId],
        )
      )?.n ?? 0,

    // Commit order, not draw order: a row is taken only once every transaction older than its own
    // has ended (its tx is below the snapshot's xmin), and rows are read in (tx, seq) order. A
    // transaction still running can only commit rows with tx >= xmin, which sort after everything
    // returned here. REPEATABLE READ: the xmin, the rows and the messages are one snapshot.
    //
    // A change already committed can still sit above the horizon while an older writer (of any
    // database in the cluster) is finishing. Such a page would leave it out until the reader's next
    // catch-up, which may be its next reconnect, so the read waits (outside any transaction) for
    // the horizon to pass it, briefly: our writers' transactions last milliseconds.
    readChanges: async (userId, after, limit) => {
      const deadline = Date.now() + HORIZON_WAIT_MS;
      for (;;) {
        const { page, pendingTx } = await readChangesOnce(userId, after, limit);
        if (pendingTx === null || !(await horizonPassed(pendingTx, deadline))) return page;
      }
    },
    // Past every transaction running now, once they have ended (briefly waited for): everything
    // committed before this call sorts before the head, everything committed after it after. If
    // one runs long, the oldest running transaction's place is safe too, only not as tight: a read
    // from it may hand out again some changes committed before.
    changeHead: async () => {
      const next = await snapshotXmax(pool);
      if (await horizonPassed(next - 1, Date.now() + HORIZON_WAIT_MS)) return { tx: next, seq: 0 };
      return { tx: await snapshotXmin(pool), seq: 0 };
    },
    creationPosition: async (messageId) => {
      const row = await one<{ tx: string; seq: string }>(
        pool,
        "SELECT tx, seq FROM changes WHERE message_id <= $1::bigint AND kind = 'message' ORDER BY message_id DESC LIMIT 1",
        [messageId],
      );
      return row ? { tx: Number(row.tx), seq: Number(row.seq) } : { tx: 0, seq: 0 };
    },

    ping: async () => {
      await pool.query("SELECT 1");
    },
    close: () => handle.close(),
  };

  async function isBlocked(c: Queryable, a: number, b: number): Promise<boolean> {
    const row = await one<{ blocked: boolean }>(
      c,
      `SELECT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = $1::bigint AND blocked_id = $2::bigint) OR (blocker_id = $2::bigint AND blocked_id = $1::bigint)) AS blocked`,
      [a, b],
    );
    return row?.blocked ?? false;
  }

  /** One snapshot's page, and the newest committed change it had to leave above the horizon. */
  function readChangesOnce(userId: number, after: ChangePosition, limit: number): Promise<{ page: ChangePage; pendingTx: number | null }> {
    return tx(async (c) => {
      const xmin = await snapshotXmin(c);
      // Both halves read the reader's changes: those of their conversations, and their own rows.
      const mine = `SELECT ch.seq, ch.tx, ch.kind, ch.conversation_id AS "conversationId", ch.message_id AS "messageId"
         FROM conversation_members cm
         JOIN changes ch ON ch.conversation_id = cm.conversation_id AND ch.user_id IS NULL
           AND (ch.tx, ch.seq) > ($1::bigint, $2::bigint) AND ch.tx BETWEEN $3::bigint AND $4::bigint
         WHERE cm.user_id = $5::bigint
         UNION ALL
         SELECT seq, tx, kind, conversation_id, message_id FROM changes
         WHERE user_id = $5::bigint AND (tx, seq) > ($1::bigint, $2::bigint) AND tx BETWEEN $3::bigint AND $4::bigint`;
      const rows = (
        await all<PgChangeRow>(c, `SELECT seq, tx, kind, "conversationId", "messageId" FROM (${mine}) page ORDER BY tx, seq LIMIT $6`, [
          after.tx,
          after.seq,
          0,
          xmin - 1,
          userId,
          limit,
        ])
      ).map((r): ChangeRow => ({ ...r, tx: Number(r.tx), seq: Number(r.seq) }));
      let pendingTx: number | null = null;
      if (rows.length < limit) {
        const above = await one<{ tx: string | null }>(c, `SELECT max(tx)::text AS tx FROM (${mine}) beyond`, [
          after.tx,
          after.seq,
          xmin,
          Number.MAX_SAFE_INTEGER,
          userId,
        ]);
        pendingTx = above?.tx === undefined || above.tx === null ? null : Number(above.tx);
      }
      const ids = messageIdsOf(rows);
      const messages =
        ids.length === 0
          ? []
          : await all<MessageRow>(
              c,
              `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
               JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = $1::bigint
               ${replyJoin("cm.visible_from_id")}
               WHERE m.id = ANY($2::int[]) AND m.id > cm.visible_from_id ORDER BY m.id`,
              [userId, ids],
            );
      return { page: toChangePage(rows, messages.map(toMessage), { tx: xmin, seq: 0 }), pendingTx };
    }, "REPEATABLE READ READ ONLY");
  }

  /** Waits until every transaction up to `txId` has ended; false when the deadline comes first. */
  async function horizonPassed(txId: number, deadline: number): Promise<boolean> {
    for (;;) {
      if ((await snapshotXmin(pool)) > txId) return true;
      if (Date.now() >= deadline) return false;
      await delay(HORIZON_POLL_MS);
    }
  }

  /** The first transaction id not yet assigned as this snapshot was taken. */
  async function snapshotXmax(c: Queryable): Promise<number> {
    const row = await one<{ xmax: string }>(c, "SELECT (pg_snapshot_xmax(pg_current_snapshot())::text)::bigint AS xmax", []);
    if (!row) throw new Error("no snapshot");
    return Number(row.xmax);
  }

  /** The oldest transaction still running as this snapshot was taken (the next one when none is). */
  async function snapshotXmin(c: Queryable): Promise<number> {
    const row = await one<{ xmin: string }>(c, "SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint AS xmin", []);
    if (!row) throw new Error("no snapshot");
    return Number(row.xmin);
  }

  async function findMembership(c: Queryable, conversationId: number, userId: number): Promise<MembershipRecord | undefined> {
    return one<MembershipRecord>(
      c,
      `SELECT c.id AS "id", c.kind AS "kind", c.title AS "title", cm.role AS "role",
              cm.visible_from_id AS "visibleFromId", cm.muted AS "muted"
       FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
       WHERE cm.conversation_id = $1::bigint AND cm.user_id = $2::bigint`,
      [conversationId, userId],
    );
  }
}

function toSummary(r: PgSummaryRow): ConversationSummaryRecord {
  return toSummaryRecord({ ...r, mCreatedAt: r.mCreatedAt === null ? null : Number(r.mCreatedAt) });
}
