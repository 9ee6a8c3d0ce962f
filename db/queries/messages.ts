import type { Db } from "../client";
import type Database from "better-sqlite3";
import type { MessageKind } from "../../lib/chat/types";
import { parseAttachments, type StoredAttachment } from "./attachments";
import { parseReactions, REACTION_KINDS_MAX, summarizeReactions, type StoredReaction } from "./reactions";
import { REPLY_EXCERPT_CHARS } from "../../lib/chat/quotes";
import { toReplyRecord, type ReplyColumns, type ReplyRecord } from "./replies";

/** A stored message as the app hands it around; `createdAt` is epoch milliseconds. */
export interface MessageRecord {
  id: number;
  conversationId: number;
  senderId: number;
  senderName: string;
  body: string;
  clientId: string;
  createdAt: number;
  kind: MessageKind;
  deleted: boolean;
  /** Empty once deleted. */
  attachments: StoredAttachment[];
  /** When its text was last edited (epoch ms); null if never. */
  editedAt: number | null;
  reactions: StoredReaction[];
  /** The message it answers, as its reader may see it; null if it answers none. */
  replyTo: ReplyRecord | null;
}

export interface NewMessage {
  conversationId: number;
  senderId: number;
  senderName: string;
  body: string;
  clientId: string;
  createdAt: number;
  kind: MessageKind;
  /** Uploads of this sender in this conversation, not attached yet; stored with the message or not at all. */
  attachmentIds?: readonly number[];
  /** A text message of the same conversation that the sender sees, or the message is refused. */
  replyToId?: number | null;
  /** Usernames it calls with @ (lib/mentions.ts); the members among them are recorded. */
  mentions?: readonly string[];
}

interface MessageRow extends Omit<MessageRecord, "deleted" | "attachments" | "reactions" | "replyTo"> {
  deleted: number;
  attachments: string;
  reactions: string;
  replyToId: number | null;
}

/** The answered messages of a page, read in one statement after it (see withQuotes). */
type QuoteRow = Omit<ReplyColumns, "replyToId"> & { replyId: number };

const MESSAGE_COLUMNS = `m.id AS id, m.conversation_id AS conversationId, m.sender_id AS senderId,
  u.username AS senderName, m.body AS body, m.client_id AS clientId, m.created_at AS createdAt,
  m.kind AS kind, m.deleted_at IS NOT NULL AS deleted, m.attachments AS attachments, m.edited_at AS editedAt,
  m.reactions AS reactions, m.reply_to_id AS replyToId`;

const MESSAGES = "messages m JOIN users u ON u.id = m.sender_id";

// Field by field, not spread: pages map thousands of rows, and a literal of known shape is what
// V8 builds fastest.
const toRecord = (row: MessageRow): MessageRecord => ({
  id: row.id,
  conversationId: row.conversationId,
  senderId: row.senderId,
  senderName: row.senderName,
  body: row.body,
  clientId: row.clientId,
  createdAt: row.createdAt,
  kind: row.kind,
  deleted: row.deleted === 1,
  attachments: parseAttachments(row.attachments),
  editedAt: row.editedAt,
  reactions: parseReactions(row.reactions),
  // Filled in by withQuotes.
  replyTo: null,
});

export function createMessageQueries(db: Db) {
  const sqlite: Database.Database = db.$client;
  const insert = sqlite.prepare<[number, number, string, string, number, MessageKind, string, number | null], { id: number }>(
    `INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at, kind, attachments, reply_to_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sender_id, client_id) DO NOTHING
     RETURNING id`,
  );
  const touchConversation = sqlite.prepare<[number, number]>(
    "UPDATE conversations SET last_message_id = ? WHERE id = ?",
  );
  const bySenderClientId = sqlite.prepare<[number, string], MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES}
     WHERE m.sender_id = ? AND m.client_id = ?`,
  );
  const byId = sqlite.prepare<[number, number], MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES}
     WHERE m.id = ? AND m.conversation_id = ?`,
  );
  // Both pages read the (conversation_id, id) index in order and stop after `limit` rows; the
  // lower bound is where the reader's membership began, below which quotes are not joined either.
  const before = sqlite.prepare<{ conversationId: number; beforeId: number; fromId: number; limit: number }, MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES}
     WHERE m.conversation_id = @conversationId AND m.id < @beforeId AND m.id > @fromId ORDER BY m.id DESC LIMIT @limit`,
  );
  const after = sqlite.prepare<{ conversationId: number; afterId: number; fromId: number; limit: number }, MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES}
     WHERE m.conversation_id = @conversationId AND m.id > @afterId ORDER BY m.id ASC LIMIT @limit`,
  );

  const wipe = sqlite.prepare<[number, number, number]>(
    "UPDATE messages SET body = '', attachments = '[]', reactions = '[]', deleted_at = ? WHERE id = ? AND conversation_id = ? AND deleted_at IS NULL",
  );

  const keepEdit = sqlite.prepare<[number, string, number]>("INSERT INTO message_edits (message_id, body, edited_at) VALUES (?, ?, ?)");
  const rewrite = sqlite.prepare<[string, number, number, number]>(
    "UPDATE messages SET body = ?, edited_at = ? WHERE id = ? AND conversation_id = ? AND deleted_at IS NULL",
  );
  const editsOf = sqlite.prepare<[number], { body: string; editedAt: number }>(
    "SELECT body, edited_at AS editedAt FROM message_edits WHERE message_id = ? ORDER BY id",
  );
  const addReaction = sqlite.prepare<[number, number, string, number]>(
    "INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const removeReaction = sqlite.prepare<[number, number, string]>("DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?");
  const reactionRows = sqlite.prepare<[number], { emoji: string; userId: number }>(
    "SELECT emoji, user_id AS userId FROM reactions WHERE message_id = ? ORDER BY created_at, user_id, emoji",
  );
  const dropReactions = sqlite.prepare<[number]>("DELETE FROM reactions WHERE message_id = ?");
  const writeReactions = sqlite.prepare<[string, number]>("UPDATE messages SET reactions = ? WHERE id = ?");
  const logChange = sqlite.prepare<[string, number, number]>(
    "INSERT INTO changes (kind, conversation_id, message_id) VALUES (?, ?, ?)",
  );
  // Every stored message is a row in the change log, written with it.
  const insertTx = sqlite.transaction((m: NewMessage, attachments: StoredAttachment[]): MessageRecord | undefined => {
    const row = insert.get(m.conversationId, m.senderId, m.body, m.clientId, m.createdAt, m.kind, JSON.stringify(attachments), m.replyToId ?? null);
    if (!row) return undefined;
    touchConversation.run(row.id, m.conversationId);
    logChange.run("message", m.conversationId, row.id);
    const { attachmentIds: _ids, replyToId, mentions: _mentions, ...fields } = m;
    // A reply reads its quote back (the sender sees the original: checked before the insert).
    const readBack = replyToId ? byId.get(row.id, m.conversationId) : undefined;
    const replyTo = readBack ? (withQuotes([readBack], everyone)[0]?.replyTo ?? null) : null;
    return { id: row.id, ...fields, deleted: false, attachments, editedAt: null, reactions: [], replyTo };
  });
  const answerable = sqlite.prepare<[number, number, number], { id: number }>(
    "SELECT id FROM messages WHERE id = ? AND conversation_id = ? AND id > ? AND kind = 'text' AND deleted_at IS NULL",
  );
  const notSeeing = sqlite.prepare<[number, number], { userId: number }>(
    "SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ? AND visible_from_id >= ? ORDER BY user_id",
  );
  const addMentions = sqlite.prepare<{ messageId: number; conversationId: number; senderId: number; names: string }, { userId: number }>(
    `INSERT INTO mentions (message_id, user_id, conversation_id)
     SELECT @messageId, u.id, @conversationId FROM users u
     JOIN conversation_members cm ON cm.conversation_id = @conversationId AND cm.user_id = u.id
     WHERE u.username COLLATE NOCASE IN (SELECT value FROM json_each(@names)) AND u.id <> @senderId
     ON CONFLICT DO NOTHING
     RETURNING user_id AS userId`,
  );
  const byIdsForReader = sqlite.prepare<[number, string], MessageRow & { readerFrom: number }>(
    `SELECT ${MESSAGE_COLUMNS}, cm.visible_from_id AS readerFrom FROM messages m JOIN users u ON u.id = m.sender_id
     JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = ?
     WHERE m.id IN (SELECT value FROM json_each(?)) AND m.id > cm.visible_from_id ORDER BY m.id`,
  );

  const quotesOf = sqlite.prepare<[string], QuoteRow>(
    `SELECT r.id AS replyId, r.sender_id AS replySenderId, ru.username AS replySenderName,
            substr(r.body, 1, ${REPLY_EXCERPT_CHARS}) AS replyBody, r.kind AS replyKind,
            r.deleted_at IS NOT NULL AS replyDeleted, r.attachments AS replyAttachments
     FROM messages r JOIN users ru ON ru.id = r.sender_id WHERE r.id IN (SELECT value FROM json_each(?))`,
  );
  /**
   * Records with their quotes. The answered messages are read in one statement after the page
   * (by primary key, only when the page has replies), not joined into every row: most messages
   * answer none, and the page itself stays as cheap as before replies. `fromOf`: where the row's
   * reader's history starts (an original at or below it is unavailable to them).
   */
  const withQuotes = <R extends MessageRow>(rows: readonly R[], fromOf: (row: R) => number): MessageRecord[] => {
    const records = rows.map(toRecord);
    const wanted = new Set<number>();
    for (const row of rows) if (row.replyToId !== null) wanted.add(row.replyToId);
    if (wanted.size === 0) return records;
    const quotes = new Map(quotesOf.all(JSON.stringify([...wanted])).map((q) => [q.replyId, q]));
    rows.forEach((row, i) => {
      if (row.replyToId === null) return;
      const quote = row.replyToId > fromOf(row) ? quotes.get(row.replyToId) : undefined;
      records[i]!.replyTo = quote ? toReplyRecord({ ...quote, replyToId: row.replyToId }) : { id: row.replyToId, visible: false };
    });
    return records;
  };
  const everyone = () => 0;

  return {
    /** Stores the message; undefined when this sender already stored one with that clientId. */
    insertMessage: (m: NewMessage, attachments: StoredAttachment[] = []): MessageRecord | undefined => insertTx.immediate(m, attachments),
    /** Records the members a stored message calls by @username (its sender aside); their ids, ascending. */
    addMentions: (messageId: number, conversationId: number, senderId: number, usernames: readonly string[]): number[] =>
      usernames.length === 0
        ? []
        : addMentions
            .all({ messageId, conversationId, senderId, names: JSON.stringify(usernames) })
            .map((r) => r.userId)
            .sort((a, b) => a - b),
    /** Whether a member whose history starts after `visibleFromId` may answer this message: text, there, not deleted. */
    canReplyTo: (conversationId: number, messageId: number, visibleFromId: number): boolean =>
      answerable.get(messageId, conversationId, visibleFromId) !== undefined,
    /** Members whose history starts after this message: they get its quotes as "unavailable". */
    membersNotSeeing: (conversationId: number, messageId: number): number[] => notSeeing.all(conversationId, messageId).map((r) => r.userId),
    findMessageByClientId: (senderId: number, clientId: string): MessageRecord | undefined => {
      const row = bySenderClientId.get(senderId, clientId);
      return row && withQuotes([row], everyone)[0];
    },
    findMessage: (conversationId: number, messageId: number): MessageRecord | undefined => {
      const row = byId.get(messageId, conversationId);
      return row && withQuotes([row], everyone)[0];
    },
    /** Wipes the body and marks it deleted (logged as a change); false when it was already deleted or is not there. */
    deleteMessage: (conversationId: number, messageId: number, at: number): boolean => {
      if (wipe.run(at, messageId, conversationId).changes === 0) return false;
      dropReactions.run(messageId);
      logChange.run("message_changed", conversationId, messageId);
      return true;
    },
    /** New text for a message (the old one kept in message_edits), logged as a change. */
    editMessage: (conversationId: number, messageId: number, previousBody: string, body: string, at: number): boolean => {
      if (rewrite.run(body, at, messageId, conversationId).changes === 0) return false;
      keepEdit.run(messageId, previousBody, at);
      logChange.run("message_changed", conversationId, messageId);
      return true;
    },
    /**
     * Adds or takes back one person's reaction, keeps the message's copy in step and logs the
     * change; null when nothing changed (already so), or when a new emoji would pass the limit.
     */
    react: (conversationId: number, messageId: number, userId: number, emoji: string, on: boolean, at: number): StoredReaction[] | null | "full" => {
      if (on) {
        const current = summarizeReactions(reactionRows.all(messageId));
        if (!current.some((r) => r.emoji === emoji) && current.length >= REACTION_KINDS_MAX) return "full";
        if (addReaction.run(messageId, userId, emoji, at).changes === 0) return null;
      } else if (removeReaction.run(messageId, userId, emoji).changes === 0) {
        return null;
      }
      const next = summarizeReactions(reactionRows.all(messageId));
      writeReactions.run(JSON.stringify(next), messageId);
      logChange.run("message_changed", conversationId, messageId);
      return next;
    },
    /** The texts a message had before each edit, oldest first. */
    listEdits: (messageId: number): { body: string; editedAt: number }[] => editsOf.all(messageId),
    /** These messages as they are now, those the reader may see (a member, from their visible_from on), by id. */
    listMessagesForReader: (userId: number, ids: readonly number[]): MessageRecord[] =>
      ids.length === 0 ? [] : withQuotes(byIdsForReader.all(userId, JSON.stringify(ids)), (row) => row.readerFrom),
    /** Newest `limit` messages with id below `beforeId` and above `fromId`, oldest first. */
    listMessagesBefore: (conversationId: number, beforeId: number, limit: number, fromId = 0): MessageRecord[] =>
      withQuotes(before.all({ conversationId, beforeId, fromId, limit }).reverse(), () => fromId),
    /** Oldest `limit` messages with id above `afterId`, oldest first; quotes of messages at or below `fromId` unavailable. */
    listMessagesAfter: (conversationId: number, afterId: number, limit: number, fromId = 0): MessageRecord[] =>
      withQuotes(after.all({ conversationId, afterId, fromId, limit }), () => fromId),
  };
}
