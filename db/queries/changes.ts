import type Database from "better-sqlite3";
import type { Db } from "../client";
import type { MessageRecord } from "./messages";

/** "message": created; "message_changed": deleted (later edited, reacted to); "conversation": its state. */
export type ChangeKind = "message" | "message_changed" | "conversation";

/** A place in the change log, in commit order: (tx, seq). `tx` is always 0 on SQLite. */
export interface ChangePosition {
  tx: number;
  seq: number;
}

export const LOG_START: ChangePosition = { tx: 0, seq: 0 };

/** One row of the log as a reader gets it. */
export interface ChangeRow extends ChangePosition {
  kind: ChangeKind;
  conversationId: number;
  messageId: number | null;
}

/** One page of what changed for a reader after a position. */
export interface ChangePage {
  /** The messages created or changed, each once in its current state, that the reader may see, by id. */
  messages: MessageRecord[];
  /** Conversations whose state changed for the reader (whether or not they are still in it). */
  conversationIds: number[];
  /** How many rows of the log were read: `limit` means there may be more. */
  rows: number;
  /** The position of the last row read (null: none). */
  last: ChangePosition | null;
  /**
   * When fewer than `limit` rows came back, everything up to here was read: the next page may start
   * here, and no change committing later will sort below it.
   */
  head: ChangePosition;
  /** The newest message whose creation was read: a cursor for clients that still count in message ids. */
  lastCreatedMessageId: number | null;
}

/** Folds rows of the log (in log order) and the current state of their messages into a page. */
export function toChangePage(rows: readonly ChangeRow[], messages: MessageRecord[], head: ChangePosition): ChangePage {
  const conversationIds = new Set<number>();
  let lastCreatedMessageId: number | null = null;
  for (const row of rows) {
    if (row.kind === "conversation") conversationIds.add(row.conversationId);
    else if (row.kind === "message" && row.messageId !== null) lastCreatedMessageId = row.messageId;
  }
  const last = rows.at(-1);
  return {
    messages,
    conversationIds: [...conversationIds],
    rows: rows.length,
    last: last ? { tx: last.tx, seq: last.seq } : null,
    head,
    lastCreatedMessageId,
  };
}

/** The distinct message ids the rows name. */
export function messageIdsOf(rows: readonly ChangeRow[]): number[] {
  return [...new Set(rows.flatMap((r) => (r.messageId === null ? [] : [r.messageId])))];
}

interface SqliteChangeRow {
  seq: number;
  kind: ChangeKind;
  conversationId: number;
  messageId: number | null;
}

export function createChangeQueries(db: Db) {
  const sqlite: Database.Database = db.$client;
  const insert = sqlite.prepare<[ChangeKind, number, number | null, number | null]>(
    "INSERT INTO changes (kind, conversation_id, user_id, message_id) VALUES (?, ?, ?, ?)",
  );
  // Rows for every member of my conversations, walked along (conversation_id, tx, seq) from the
  // position (tx is always 0 here, and saying so lets the index range over seq), then my own rows.
  const page = sqlite.prepare<[number, number, number, number, number], SqliteChangeRow>(
    `SELECT seq, kind, conversationId, messageId FROM (
       SELECT ch.seq AS seq, ch.kind AS kind, ch.conversation_id AS conversationId, ch.message_id AS messageId
       FROM conversation_members cm
       JOIN changes ch ON ch.conversation_id = cm.conversation_id AND ch.tx = 0 AND ch.seq > ? AND ch.user_id IS NULL
       WHERE cm.user_id = ?
       UNION ALL
       SELECT seq, kind, conversation_id, message_id FROM changes WHERE user_id = ? AND tx = 0 AND seq > ?
     ) ORDER BY seq LIMIT ?`,
  );
  const head = sqlite.prepare<[], { seq: number | null }>("SELECT max(seq) AS seq FROM changes");
  const creation = sqlite.prepare<[number], { seq: number }>(
    "SELECT seq FROM changes WHERE message_id <= ? AND kind = 'message' ORDER BY message_id DESC LIMIT 1",
  );

  return {
    /** Appends a row; the caller's write transaction commits it with the change it records. */
    recordChange: (kind: ChangeKind, conversationId: number, userId: number | null = null, messageId: number | null = null): void =>
      void insert.run(kind, conversationId, userId, messageId),
    /** My rows of the log after `after`, in log order, at most `limit`. */
    listChangesForUser: (userId: number, after: ChangePosition, limit: number): ChangeRow[] =>
      // A position from PostgreSQL (tx > 0) is past everything written here.
      after.tx > 0 ? [] : page.all(after.seq, userId, userId, after.seq, limit).map((r) => ({ ...r, tx: 0 })),
    /** The end of the log: every later change sorts after it. */
    changeHead: (): ChangePosition => ({ tx: 0, seq: head.get()?.seq ?? 0 }),
    /** Where the newest message with id at most `messageId` was created in the log. */
    creationPosition: (messageId: number): ChangePosition => {
      const row = creation.get(messageId);
      return row ? { tx: 0, seq: row.seq } : LOG_START;
    },
  };
}
