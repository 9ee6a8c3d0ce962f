// Upgrading a database written by the release before the change log, on both dialects: every
// message already stored gets its place in the log, numbered by its id, so a tab still holding a
// message id as its catch-up cursor resumes exactly after that message, and nothing is missed.
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, openDatabase } from "@/db/client";
import { openPostgres, PG_MIGRATIONS_FOLDER } from "@/db/pg/open";
import { createPostgresStore } from "@/db/pg/store";
import { createSqliteStore } from "@/db/sqlite/store";
import { LOG_START, type ChangePosition, type Store } from "@/db/store";
import { clusterForThisFile } from "./postgres-cluster";
import { createDatabase } from "./postgres-harness";

const clusterUrl = clusterForThisFile();
const dir = mkdtempSync(path.join(tmpdir(), "chat-upgrade-"));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of a migrations folder holding only the migrations before `firstLeftOut`. */
function migrationsBefore(folder: string, firstLeftOut: string): string {
  const copy = mkdtempSync(path.join(dir, "migrations-"));
  cpSync(folder, copy, { recursive: true });
  const journalFile = path.join(copy, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === firstLeftOut);
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalFile, JSON.stringify(journal));
  return copy;
}

const T0 = 1_700_000_000_000;

interface OldData {
  a: number;
  b: number;
  conversation: number;
  messages: number[];
}

/** What the previous release wrote: two people, their conversation and five messages. */
const OLD_ROWS = [
  "INSERT INTO users (username, password_hash, created_at) VALUES ('a', 'x', 1), ('b', 'x', 1)",
  "INSERT INTO conversations (kind, pair_key, created_at) VALUES ('private', '1:2', 1)",
  "INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (1, 1, 1), (1, 2, 1)",
  ...[1, 2, 3, 4, 5].map(
    (i) => `INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at) VALUES (1, ${i % 2 ? 1 : 2}, 'old ${i}', 'old-${i}', ${T0 + i})`,
  ),
  "UPDATE conversations SET last_message_id = 5 WHERE id = 1",
];
const OLD: OldData = { a: 1, b: 2, conversation: 1, messages: [1, 2, 3, 4, 5] };

async function upgradeSqlite(): Promise<Store> {
  const file = path.join(dir, `${randomUUID()}.db`);
  const old = openDatabase(file, migrationsBefore(MIGRATIONS_FOLDER, "0005_change_log"));
  for (const statement of OLD_ROWS) old.sqlite.exec(statement);
  old.close();
  return createSqliteStore(openDatabase(file));
}

async function upgradePostgres(): Promise<Store> {
  const url = await createDatabase(clusterUrl());
  const old = await openPostgres(url, { migrationsFolder: migrationsBefore(PG_MIGRATIONS_FOLDER, "0001_change_log") });
  for (const statement of OLD_ROWS) await old.pool.query(statement);
  await old.close();
  return createPostgresStore(await openPostgres(url));
}

async function messagesFrom(store: Store, userId: number, after: ChangePosition): Promise<{ ids: number[]; deleted: number[] }> {
  const ids: number[] = [];
  const deleted: number[] = [];
  let at = after;
  for (;;) {
    const page = await store.readChanges(userId, at, 2);
    for (const m of page.messages) (m.deleted ? deleted : ids).push(m.id);
    if (page.rows < 2) return { ids, deleted };
    at = page.last!;
  }
}

describe.each([
  ["sqlite", upgradeSqlite],
  ["postgres", upgradePostgres],
] as const)("upgrading a %s database from before the change log", (_name, upgrade) => {
  it("numbers every stored message, so a tab holding a message id resumes right after it", async () => {
    const store = await upgrade();
    try {
      // Everything, from the start, once each.
      expect((await messagesFrom(store, OLD.b, LOG_START)).ids).toEqual(OLD.messages);
      // A tab of the previous release held message 3: it gets 4 and 5, then what comes after the upgrade.
      const held = await store.creationPosition(3);
      expect((await messagesFrom(store, OLD.b, held)).ids).toEqual([4, 5]);
      const sent = await store.storeMessage({
        conversationId: OLD.conversation,
        senderId: OLD.a,
        senderName: "a",
        body: "new",
        clientId: "new-1",
        createdAt: T0 + 10,
        kind: "text",
      });
      expect(sent.kind).toBe("stored");
      const newId = sent.kind === "stored" ? sent.message.id : -1;
      expect(newId).toBeGreaterThan(5);
      expect((await messagesFrom(store, OLD.b, held)).ids).toEqual([4, 5, newId]);
      // An old message deleted after the upgrade reaches a reader who already had it.
      const before = await store.changeHead();
      expect(await store.deleteMessage({ conversationId: OLD.conversation, messageId: 2, actorId: OLD.b, at: T0 + 20 })).toMatchObject({ deleted: true });
      expect(await messagesFrom(store, OLD.a, before)).toEqual({ ids: [], deleted: [2] });
      // Nothing is numbered twice: the log's numbers continue after the copied ones.
      expect((await messagesFrom(store, OLD.a, LOG_START)).ids).toEqual([1, 3, 4, 5, newId]);
    } finally {
      await store.close();
    }
  });
});

// On PostgreSQL the copied rows carry tx 0, older
// than any transaction, so they sort before everything written afterwards.
describe("PostgreSQL: the copied rows come before every new one", () => {
  it("has tx 0 on the copied rows and a real transaction id on new ones", async () => {
    const url = await createDatabase(clusterUrl());
    const old = await openPostgres(url, { migrationsFolder: migrationsBefore(PG_MIGRATIONS_FOLDER, "0001_change_log") });
    for (const statement of OLD_ROWS) await old.pool.query(statement);
    await old.close();
    const store = createPostgresStore(await openPostgres(url));
    await store.storeMessage({ conversationId: 1, senderId: 1, senderName: "a", body: "new", clientId: "n", createdAt: T0, kind: "text" });
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ tx: string; seq: string; message_id: number }>("SELECT tx, seq, message_id FROM changes ORDER BY tx, seq");
      expect(rows.slice(0, 5).map((r) => [Number(r.tx), Number(r.seq), r.message_id])).toEqual([1, 2, 3, 4, 5].map((i) => [0, i, i]));
      expect(Number(rows[5]!.tx)).toBeGreaterThan(0);
      expect(Number(rows[5]!.seq)).toBe(6);
    } finally {
      await client.end();
    }
  });
});
