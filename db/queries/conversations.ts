import type Database from "better-sqlite3";
import type { Db } from "../client";
import { UNREAD_CAP } from "../../lib/chat/types";
import type { MessageRecord } from "./messages";

export interface ConversationRecord {
  id: number;
  kind: "private";
}

export interface ReceiptRecord {
  lastDeliveredId: number;
  lastReadId: number;
}

export interface ConversationSummaryRecord {
  id: number;
  kind: "private";
  peerId: number;
  peerName: string;
  lastMessage: MessageRecord | null;
  mine: ReceiptRecord;
  peer: ReceiptRecord;
  unreadCount: number;
}

interface SummaryRow {
  id: number;
  kind: "private";
  peerId: number;
  peerName: string;
  mId: number | null;
  mSenderId: number | null;
  mSenderName: string | null;
  mBody: string | null;
  mClientId: string | null;
  mCreatedAt: number | null;
  myDelivered: number;
  myRead: number;
  peerDelivered: number;
  peerRead: number;
  unread: number;
}

// Unread counts stop at UNREAD_CAP ("99+" on screen): counting each conversation's whole unread
// stretch made the list of 500 conversations cost hundreds of milliseconds.

export function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export function createConversationQueries(db: Db) {
  const sqlite: Database.Database = db.$client;
  const insertPrivate = sqlite.prepare<[string, number]>(
    "INSERT INTO conversations (kind, pair_key, created_at) VALUES ('private', ?, ?) ON CONFLICT (pair_key) DO NOTHING",
  );
  const byPairKey = sqlite.prepare<[string], ConversationRecord>(
    "SELECT id, kind FROM conversations WHERE pair_key = ?",
  );
  const insertMember = sqlite.prepare<[number, number, number]>(
    "INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const memberIds = sqlite.prepare<[number], { userId: number }>(
    "SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ?",
  );
  const summaries = sqlite.prepare<[number], SummaryRow>(
    `SELECT c.id AS id, c.kind AS kind, peer.id AS peerId, peer.username AS peerName,
            m.id AS mId, m.sender_id AS mSenderId, su.username AS mSenderName, m.body AS mBody,
            m.client_id AS mClientId, m.created_at AS mCreatedAt,
            me.last_delivered_id AS myDelivered, me.last_read_id AS myRead,
            pm.last_delivered_id AS peerDelivered, pm.last_read_id AS peerRead,
            (SELECT count(*) FROM (SELECT 1 FROM messages u
              WHERE u.conversation_id = c.id AND u.id > me.last_read_id AND u.sender_id <> me.user_id
              LIMIT ${UNREAD_CAP})) AS unread
     FROM conversation_members me
     JOIN conversations c ON c.id = me.conversation_id
     JOIN conversation_members pm ON pm.conversation_id = c.id AND pm.user_id <> me.user_id
     JOIN users peer ON peer.id = pm.user_id
     LEFT JOIN messages m ON m.id = c.last_message_id
     LEFT JOIN users su ON su.id = m.sender_id
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
    `SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE conversation_id = ? AND id > ? AND sender_id <> ? LIMIT ${UNREAD_CAP})`,
  );

  /**
   * Moves a member's receipt positions forward only, and never past the conversation's newest
   * message. Returns the positions and whether they moved; undefined for a non-member.
   */
  const advance = sqlite.transaction(
    (conversationId: number, userId: number, deliveredId: number, readId: number) => {
      const current = receipt.get(conversationId, userId);
      if (!current) return undefined;
      const newest = lastMessageId.get(conversationId)?.id ?? 0;
      const lastReadId = Math.max(current.lastReadId, Math.min(readId, newest));
      const lastDeliveredId = Math.max(current.lastDeliveredId, Math.min(Math.max(deliveredId, readId), newest));
      const changed = lastReadId !== current.lastReadId || lastDeliveredId !== current.lastDeliveredId;
      if (changed) writeReceipt.run(lastDeliveredId, lastReadId, conversationId, userId);
      return { receipt: { lastDeliveredId, lastReadId }, changed };
    },
  );

  const getOrCreatePrivate = sqlite.transaction((a: number, b: number, now: number): ConversationRecord => {
    const key = pairKey(a, b);
    insertPrivate.run(key, now);
    const conversation = byPairKey.get(key);
    if (!conversation) throw new Error(`conversation ${key} vanished inside its own transaction`);
    insertMember.run(conversation.id, a, now);
    insertMember.run(conversation.id, b, now);
    return conversation;
  });

  return {
    getOrCreatePrivateConversation: (a: number, b: number, now: number): ConversationRecord =>
      getOrCreatePrivate.immediate(a, b, now),
    /** Member ids; empty when the conversation does not exist. */
    listMemberIds: (conversationId: number): number[] => memberIds.all(conversationId).map((r) => r.userId),
    listConversationSummaries: (userId: number): ConversationSummaryRecord[] =>
      summaries.all(userId).map((r) => ({
        id: r.id,
        kind: r.kind,
        peerId: r.peerId,
        peerName: r.peerName,
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
              },
        mine: { lastDeliveredId: r.myDelivered, lastReadId: r.myRead },
        peer: { lastDeliveredId: r.peerDelivered, lastReadId: r.peerRead },
        unreadCount: r.unread,
      })),
    advanceReceipt: (conversationId: number, userId: number, deliveredId: number, readId: number) =>
      advance.immediate(conversationId, userId, deliveredId, readId),
    countUnread: (conversationId: number, userId: number, afterId: number): number =>
      unread.get(conversationId, afterId, userId)?.n ?? 0,
  };
}
