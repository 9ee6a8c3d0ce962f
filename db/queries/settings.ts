import type Database from "better-sqlite3";
import type { Db } from "../client";
import { pairKey } from "./conversations";

export type GroupInvites = "everyone" | "contacts";

export function createSettingQueries(db: Db) {
  const sqlite: Database.Database = db.$client;
  const readInvites = sqlite.prepare<[number], { groupInvites: GroupInvites }>("SELECT group_invites AS groupInvites FROM users WHERE id = ?");
  const writeInvites = sqlite.prepare<[GroupInvites, number]>("UPDATE users SET group_invites = ? WHERE id = ?");
  // Walks one private conversation's messages (by its index) until one of theirs turns up.
  const wrote = sqlite.prepare<[string, number], { n: number }>(
    `SELECT 1 AS n FROM conversations c JOIN messages m ON m.conversation_id = c.id
     WHERE c.pair_key = ? AND m.sender_id = ? AND m.kind = 'text' LIMIT 1`,
  );

  return {
    /** Who may add this user to groups ("everyone" for an unknown id, which no check reaches). */
    getGroupInvites: (userId: number): GroupInvites => readInvites.get(userId)?.groupInvites ?? "everyone",
    setGroupInvites: (userId: number, value: GroupInvites): void => void writeInvites.run(value, userId),
    /**
     * True when `author` has written to `other` in their private conversation. Only the author's
     * own messages count: anyone can open a conversation with someone, or write into it.
     */
    hasWrittenTo: (author: number, other: number): boolean => wrote.get(pairKey(author, other), author) !== undefined,
  };
}
