import type Database from "better-sqlite3";
import type { Db } from "../client";
import { UNREAD_CAP, type ConversationKind, type MemberRole } from "../../lib/chat/types";
import { parseAttachments } from "./attachments";
import { parseReactions } from "./reactions";
import type { MessageRecord } from "./messages";
import { REPLY_COLUMNS, replyJoin, toReplyRecord, type ReplyColumns } from "./replies";

export interface ConversationRecord {
  id: number;
  kind: ConversationKind;
  title: string | null;
}

export interface ReceiptRecord {
  lastDeliveredId: number;
  lastReadId: number;
}

/** One person's place in one conversation. */
export interface MembershipRecord extends ConversationRecord {
  role: MemberRole;
  visibleFromId: number;
  muted: boolean;
}

export interface MemberRecord extends ReceiptRecord {
  conversationId: number;
  userId: number;
  username: string;
  role: MemberRole;
}

export interface ConversationSummaryRecord extends MembershipRecord {
  lastMessage: MessageRecord | null;
  mine: ReceiptRecord;
  unreadCount: number;
  /** A message after my read position calls me by @username. */
  mentioned: boolean;
  memberCount: number;
}

/**
 * A conversation-list row as both SQL dialects return it, once their own types (SQLite's 0/1,
 * PostgreSQL's int8 strings) are made plain: the one shape `toSummaryRecord` maps.
 */
export interface SummaryRow extends ReplyColumns {
  id: number;
  kind: ConversationKind;
  title: string | null;
  role: MemberRole;
  visibleFromId: number;
  muted: boolean;
  mId: number | null;
  mSenderId: number | null;
  mSenderName: string | null;
  mBody: string | null;
  mClientId: string | null;
  mCreatedAt: number | null;
  mKind: "text" | "notice" | null;
  mDeleted: boolean | null;
  mAttachments: string | null;
  mEditedAt: number | null;
  mReactions: string | null;
  myDelivered: number;
  myRead: number;
  unread: number;
  mentioned: boolean;
  memberCount: number;
}

export function toSummaryRecord(r: SummaryRow): ConversationSummaryRecord {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    role: r.role,
    visibleFromId: r.visibleFromId,
    muted: r.muted,
    lastMessage:
      r.mId === null
        ? null
        : {
            id: r.mId,
            conversationId: r.id,
            senderId: r.mSenderId ?? 0,
            senderName: r.mSenderName ?? "",
            body: r.mBody ?? "",
            clientId: r.mClientId ?? "",
            createdAt: r.mCreatedAt ?? 0,
            kind: r.mKind ?? "text",
            deleted: r.mDeleted ?? false,
            attachments: parseAttachments(r.mAttachments),
            editedAt: r.mEditedAt === null ? null : Number(r.mEditedAt),
            reactions: parseReactions(r.mReactions),
            replyTo: toReplyRecord(r),
          },
    mine: { lastDeliveredId: r.myDelivered, lastReadId: r.myRead },
    unreadCount: r.unread,
    mentioned: r.mentioned,
    memberCount: r.memberCount,
  };
}

type SqliteSummaryRow = Omit<SummaryRow, "muted" | "mDeleted" | "mentioned"> & { muted: number; mDeleted: number | null; mentioned: number };

const LOBBY_KEY = "lobby";

// Unread counts stop at UNREAD_CAP ("99+" on screen): counting each conversation's whole unread
// stretch made the list of 500 conversations cost hundreds of milliseconds. Notices and deleted
// messages are not something to read, so they never count.
/** Whether a message after my read position mentions me (and is not deleted); for `me`, as UNREAD_SQL. */
export const MENTIONED_SQL = `EXISTS (SELECT 1 FROM mentions mn JOIN messages mm ON mm.id = mn.message_id AND mm.deleted_at IS NULL
  WHERE mn.user_id = me.user_id AND mn.conversation_id = me.conversation_id AND mn.message_id > me.last_read_id)`;

const UNREAD_SQL = `SELECT 1 FROM messages u
  WHERE u.conversation_id = me.conversation_id AND u.id > me.last_read_id AND u.sender_id <> me.user_id
    AND u.kind = 'text' AND u.deleted_at IS NULL
  LIMIT ${UNREAD_CAP}`;

export function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export function createConversationQueries(db: Db) {
  const sqlite: Database.Database = db.$client;
  const insertKeyed = sqlite.prepare<[ConversationKind, string, string | null, number]>(
    "INSERT INTO conversations (kind, pair_key, title, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (pair_key) DO NOTHING",
  );
  const byKey = sqlite.prepare<[string], ConversationRecord>("SELECT id, kind, title FROM conversations WHERE pair_key = ?");
  const insertGroup = sqlite.prepare<[string, number], { id: number }>(
    "INSERT INTO conversations (kind, title, created_at) VALUES ('group', ?, ?) RETURNING id",
  );
  const byId = sqlite.prepare<[number], ConversationRecord>("SELECT id, kind, title FROM conversations WHERE id = ?");
  const updateTitle = sqlite.prepare<[string, number]>("UPDATE conversations SET title = ? WHERE id = ? AND kind = 'group'");
  // Receipt positions start where visibility does, so history from before joining is never unread.
  const insertMember = sqlite.prepare<[number, number, number, MemberRole, number, number, number]>(
    `INSERT INTO conversation_members
       (conversation_id, user_id, joined_at, role, visible_from_id, last_delivered_id, last_read_id)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const deleteMember = sqlite.prepare<[number, number]>(
    "DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?",
  );
  const membership = sqlite.prepare<[number, number], Omit<MembershipRecord, "muted"> & { muted: number }>(
    `SELECT c.id AS id, c.kind AS kind, c.title AS title, cm.role AS role,
            cm.visible_from_id AS visibleFromId, cm.muted AS muted
     FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
     WHERE cm.conversation_id = ? AND cm.user_id = ?`,
  );
  const memberIds = sqlite.prepare<[number], { userId: number }>(
    "SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ?",
  );
  const MEMBER_COLUMNS = `cm.conversation_id AS conversationId, cm.user_id AS userId, u.username AS username,
    cm.role AS role, cm.last_delivered_id AS lastDeliveredId, cm.last_read_id AS lastReadId`;
  const members = sqlite.prepare<[number], MemberRecord>(
    `SELECT ${MEMBER_COLUMNS} FROM conversation_members cm JOIN users u ON u.id = cm.user_id
     WHERE cm.conversation_id = ? ORDER BY cm.joined_at, cm.user_id`,
  );
  // Everyone in each of my conversations but the lobby (whose member list is everyone).
  const membersOfMine = sqlite.prepare<[number], MemberRecord>(
    `SELECT ${MEMBER_COLUMNS} FROM conversation_members me
     JOIN conversations c ON c.id = me.conversation_id AND c.kind <> 'lobby'
     JOIN conversation_members cm ON cm.conversation_id = me.conversation_id
     JOIN users u ON u.id = cm.user_id
     WHERE me.user_id = ? ORDER BY cm.conversation_id, cm.joined_at, cm.user_id`,
  );
  const adminCount = sqlite.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM conversation_members WHERE conversation_id = ? AND role = 'admin'",
  );
  const longestMember = sqlite.prepare<[number], { userId: number }>(
    "SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, user_id LIMIT 1",
  );
  const setRole = sqlite.prepare<[MemberRole, number, number]>(
    "UPDATE conversation_members SET role = ? WHERE conversation_id = ? AND user_id = ?",
  );
  const setMutedStmt = sqlite.prepare<[number, number, number]>(
    "UPDATE conversation_members SET muted = ? WHERE conversation_id = ? AND user_id = ?",
  );
  const memberCount = sqlite.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM conversation_members WHERE conversation_id = ?",
  );
  const summaries = sqlite.prepare<[number], SqliteSummaryRow>(
    `SELECT c.id AS id, c.kind AS kind, c.title AS title, me.role AS role,
            me.visible_from_id AS visibleFromId, me.muted AS muted,
            m.id AS mId, m.sender_id AS mSenderId, su.username AS mSenderName, m.body AS mBody,
            m.client_id AS mClientId, m.created_at AS mCreatedAt, m.kind AS mKind,
            m.deleted_at IS NOT NULL AS mDeleted, m.attachments AS mAttachments, m.edited_at AS mEditedAt, m.reactions AS mReactions,
            ${REPLY_COLUMNS},
            me.last_delivered_id AS myDelivered, me.last_read_id AS myRead,
            (SELECT count(*) FROM (${UNREAD_SQL})) AS unread,
            ${MENTIONED_SQL} AS mentioned,
            (SELECT count(*) FROM conversation_members n WHERE n.conversation_id = c.id) AS memberCount
     FROM conversation_members me
     JOIN conversations c ON c.id = me.conversation_id
     LEFT JOIN messages m ON m.id = c.last_message_id AND m.id > me.visible_from_id
     LEFT JOIN users su ON su.id = m.sender_id
     ${replyJoin("me.visible_from_id")}
     WHERE me.user_id = ?
     ORDER BY c.last_message_id IS NULL, c.last_message_id DESC, c.id DESC`,
  );

  const receipt = sqlite.prepare<[number, number], ReceiptRecord>(
    `SELECT last_delivered_id AS lastDeliveredId, last_read_id AS lastReadId
     FROM conversation_members WHERE conversation_id = ? AND user_id = ?`,
  );
  const lastMessageId = sqlite.prepare<[number], { id: number | null }>(
    "SELECT last_message_id AS id FROM conversations WHERE id = ?",
  );
  const writeReceipt = sqlite.prepare<[number, number, number, number]>(
    "UPDATE conversation_members SET last_delivered_id = ?, last_read_id = ? WHERE conversation_id = ? AND user_id = ?",
  );
  const unread = sqlite.prepare<[number, number, number], { n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE conversation_id = ? AND id > ? AND sender_id <> ?
       AND kind = 'text' AND deleted_at IS NULL LIMIT ${UNREAD_CAP})`,
  );

  const newestId = (conversationId: number): number => lastMessageId.get(conversationId)?.id ?? 0;

  /**
   * Moves a member's receipt positions forward only, and never past the conversation's newest
   * message. Returns the positions and whether they moved; undefined for a non-member.
   */
  const advance = sqlite.transaction(
    (conversationId: number, userId: number, deliveredId: number, readId: number) => {
      const current = receipt.get(conversationId, userId);
      if (!current) return undefined;
      const newest = newestId(conversationId);
      const lastReadId = Math.max(current.lastReadId, Math.min(readId, newest));
      const lastDeliveredId = Math.max(current.lastDeliveredId, Math.min(Math.max(deliveredId, readId), newest));
      const changed = lastReadId !== current.lastReadId || lastDeliveredId !== current.lastDeliveredId;
      if (changed) writeReceipt.run(lastDeliveredId, lastReadId, conversationId, userId);
      return { receipt: { lastDeliveredId, lastReadId }, changed };
    },
  );

  const getOrCreateKeyed = sqlite.transaction(
    (kind: ConversationKind, key: string, title: string | null, now: number): ConversationRecord => {
      insertKeyed.run(kind, key, title, now);
      const conversation = byKey.get(key);
      if (!conversation) throw new Error(`conversation ${key} vanished inside its own transaction`);
      return conversation;
    },
  );

  const getOrCreatePrivate = sqlite.transaction((a: number, b: number, now: number): ConversationRecord => {
    const conversation = getOrCreateKeyed("private", pairKey(a, b), null, now);
    insertMember.run(conversation.id, a, now, "member", 0, 0, 0);
    insertMember.run(conversation.id, b, now, "member", 0, 0, 0);
    return conversation;
  });

  const createGroupTx = sqlite.transaction(
    (title: string, creatorId: number, memberIds: readonly number[], now: number): ConversationRecord => {
      const row = insertGroup.get(title, now);
      if (!row) throw new Error("inserting a group returned nothing");
      insertMember.run(row.id, creatorId, now, "admin", 0, 0, 0);
      for (const id of memberIds) insertMember.run(row.id, id, now, "member", 0, 0, 0);
      return { id: row.id, kind: "group", title };
    },
  );

  return {
    /** Runs `work` in one write transaction: membership changes and their notices land together. */
    inTransaction: <T>(work: () => T): T => sqlite.transaction(work).immediate(),
    getOrCreatePrivateConversation: (a: number, b: number, now: number): ConversationRecord =>
      getOrCreatePrivate.immediate(a, b, now),
    findPrivateConversation: (a: number, b: number): ConversationRecord | undefined => byKey.get(pairKey(a, b)),
    getOrCreateLobby: (title: string, now: number): ConversationRecord => getOrCreateKeyed.immediate("lobby", LOBBY_KEY, title, now),
    createGroup: (title: string, creatorId: number, memberIds: readonly number[], now: number): ConversationRecord =>
      createGroupTx.immediate(title, creatorId, memberIds, now),
    findConversation: (id: number): ConversationRecord | undefined => byId.get(id),
    renameConversation: (id: number, title: string): boolean => updateTitle.run(title, id).changes > 0,
    /**
     * Adds a member who sees history from the newest message on (or all of it, `fromStart`).
     * False when they were a member already.
     */
    addMember: (conversationId: number, userId: number, role: MemberRole, now: number, fromStart = false): boolean => {
      const newest = newestId(conversationId);
      const from = fromStart ? 0 : newest;
      return insertMember.run(conversationId, userId, now, role, from, newest, newest).changes > 0;
    },
    removeMember: (conversationId: number, userId: number): boolean => deleteMember.run(conversationId, userId).changes > 0,
    findMembership: (conversationId: number, userId: number): MembershipRecord | undefined => {
      const row = membership.get(conversationId, userId);
      return row && { ...row, muted: row.muted === 1 };
    },
    /** Member ids; empty when the conversation does not exist. */
    listMemberIds: (conversationId: number): number[] => memberIds.all(conversationId).map((r) => r.userId),
    listMembers: (conversationId: number): MemberRecord[] => members.all(conversationId),
    listMembersOfUsersConversations: (userId: number): MemberRecord[] => membersOfMine.all(userId),
    countMembers: (conversationId: number): number => memberCount.get(conversationId)?.n ?? 0,
    countAdmins: (conversationId: number): number => adminCount.get(conversationId)?.n ?? 0,
    /** The member who joined first (the one to hand the group to when its last admin leaves). */
    findLongestMember: (conversationId: number): number | undefined => longestMember.get(conversationId)?.userId,
    setMemberRole: (conversationId: number, userId: number, role: MemberRole): void =>
      void setRole.run(role, conversationId, userId),
    setMuted: (conversationId: number, userId: number, muted: boolean): boolean =>
      setMutedStmt.run(muted ? 1 : 0, conversationId, userId).changes > 0,
    listConversationSummaries: (userId: number): ConversationSummaryRecord[] =>
      summaries.all(userId).map((r) => toSummaryRecord({ ...r, muted: r.muted === 1, mDeleted: r.mDeleted === null ? null : r.mDeleted === 1, mentioned: r.mentioned === 1 })),
    advanceReceipt: (conversationId: number, userId: number, deliveredId: number, readId: number) =>
      advance.immediate(conversationId, userId, deliveredId, readId),
    countUnread: (conversationId: number, userId: number, afterId: number): number =>
      unread.get(conversationId, afterId, userId)?.n ?? 0,
  };
}
