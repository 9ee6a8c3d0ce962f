import type Database from "better-sqlite3";
import type { Db } from "../client";

export function createBlockQueries(db: Db) {
  const sqlite: Database.Database = db.$client;
  const insert = sqlite.prepare<[number, number, number]>(
    "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const remove = sqlite.prepare<[number, number]>("DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?");
  const blockedBy = sqlite.prepare<[number], { id: number }>("SELECT blocked_id AS id FROM blocks WHERE blocker_id = ?");
  const blockersOf = sqlite.prepare<[number], { id: number }>("SELECT blocker_id AS id FROM blocks WHERE blocked_id = ?");
  const between = sqlite.prepare<[number, number, number, number], { n: number }>(
    `SELECT count(*) AS n FROM blocks
     WHERE (blocker_id = ? AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?)`,
  );

  return {
    /** False when it was blocked already. */
    insertBlock: (blockerId: number, blockedId: number, at: number): boolean => insert.run(blockerId, blockedId, at).changes > 0,
    /** False when it was not blocked. */
    deleteBlock: (blockerId: number, blockedId: number): boolean => remove.run(blockerId, blockedId).changes > 0,
    /** Whom this user blocked. */
    listBlockedIds: (blockerId: number): number[] => blockedBy.all(blockerId).map((r) => r.id),
    /** Who blocked this user. */
    listBlockerIds: (blockedId: number): number[] => blockersOf.all(blockedId).map((r) => r.id),
    isBlockedEitherWay: (a: number, b: number): boolean => (between.get(a, b, b, a)?.n ?? 0) > 0,
  };
}
