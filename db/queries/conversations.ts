import type Database from "better-sqlite3";
import type { Db } from "../client";
import type { MessageRecord } from "./messages";

export interface ConversationRecord {
  id: number;
  kind: "private";
}

export interface ConversationSummaryRecord {
  id: number;
  kind: "private";
  peerId: number;
  peerName: string;
  lastMessage: MessageRecord | null;
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
}

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
            m.client_id AS mClientId, m.created_at AS mCreatedAt
     FROM conversation_members me
     JOIN conversations c ON c.id = me.conversation_id
     JOIN conversation_members pm ON pm.conversation_id = c.id AND pm.user_id <> me.user_id
     JOIN users peer ON peer.id = pm.user_id
     LEFT JOIN messages m ON m.id = c.last_message_id
     LEFT JOIN users su ON su.id = m.sender_id
     WHERE me.user_id = ?
     ORDER BY c.last_message_id IS NULL, c.last_message_id DESC, c.id DESC`,
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
      })),
  };
}
