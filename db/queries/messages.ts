import type { Db } from "../client";
import type Database from "better-sqlite3";

/** A stored message as the app hands it around; `createdAt` is epoch milliseconds. */
export interface MessageRecord {
  id: number;
  conversationId: number;
  senderId: number;
  senderName: string;
  body: string;
  clientId: string;
  createdAt: number;
}

export interface NewMessage {
  conversationId: number;
  senderId: number;
  senderName: string;
  body: string;
  clientId: string;
  createdAt: number;
}

const MESSAGE_COLUMNS = `m.id AS id, m.conversation_id AS conversationId, m.sender_id AS senderId,
  u.username AS senderName, m.body AS body, m.client_id AS clientId, m.created_at AS createdAt`;

export function createMessageQueries(db: Db) {
  const sqlite: Database.Database = db.$client;
  const insert = sqlite.prepare<[number, number, string, string, number], { id: number }>(
    `INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (sender_id, client_id) DO NOTHING
     RETURNING id`,
  );
  const touchConversation = sqlite.prepare<[number, number]>(
    "UPDATE conversations SET last_message_id = ? WHERE id = ?",
  );
  const bySenderClientId = sqlite.prepare<[number, string], MessageRecord>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
     WHERE m.sender_id = ? AND m.client_id = ?`,
  );
  // Both pages read the (conversation_id, id) index in order and stop after `limit` rows.
  const before = sqlite.prepare<[number, number, number], MessageRecord>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
     WHERE m.conversation_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`,
  );
  const after = sqlite.prepare<[number, number, number], MessageRecord>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
     WHERE m.conversation_id = ? AND m.id > ? ORDER BY m.id ASC LIMIT ?`,
  );

  // Walks each of the user's conversations along its (conversation_id, id) index, then merges by id.
  const forUserAfter = sqlite.prepare<[number, number, number], MessageRecord>(
    `SELECT ${MESSAGE_COLUMNS} FROM conversation_members cm
     JOIN messages m ON m.conversation_id = cm.conversation_id AND m.id > ?
     JOIN users u ON u.id = m.sender_id
     WHERE cm.user_id = ? ORDER BY m.id ASC LIMIT ?`,
  );
  const newestForUser = sqlite.prepare<[number], { id: number | null }>(
    `SELECT max(c.last_message_id) AS id FROM conversation_members cm
     JOIN conversations c ON c.id = cm.conversation_id WHERE cm.user_id = ?`,
  );

  const insertTx = sqlite.transaction((m: NewMessage): MessageRecord | undefined => {
    const row = insert.get(m.conversationId, m.senderId, m.body, m.clientId, m.createdAt);
    if (!row) return undefined;
    touchConversation.run(row.id, m.conversationId);
    return { id: row.id, ...m };
  });

  return {
    /** Stores the message; undefined when this sender already stored one with that clientId. */
    insertMessage: (m: NewMessage): MessageRecord | undefined => insertTx.immediate(m),
    findMessageByClientId: (senderId: number, clientId: string): MessageRecord | undefined =>
      bySenderClientId.get(senderId, clientId),
    /** Newest `limit` messages with id below `beforeId`, oldest first. */
    listMessagesBefore: (conversationId: number, beforeId: number, limit: number): MessageRecord[] =>
      before.all(conversationId, beforeId, limit).reverse(),
    /** Oldest `limit` messages above `afterId` across every conversation of the user, by id. */
    listMessagesForUserAfter: (userId: number, afterId: number, limit: number): MessageRecord[] =>
      forUserAfter.all(afterId, userId, limit),
    /** The newest message id in any of the user's conversations (0 when none). */
    newestMessageIdForUser: (userId: number): number => newestForUser.get(userId)?.id ?? 0,
    /** Oldest `limit` messages with id above `afterId`, oldest first. */
    listMessagesAfter: (conversationId: number, afterId: number, limit: number): MessageRecord[] =>
      after.all(conversationId, afterId, limit),
  };
}
