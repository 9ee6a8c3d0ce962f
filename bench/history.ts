/**
 * History at scale, in-process against a fresh SQLite file with the app's own queries and domain
 * functions: bulk-load messages over conversations, then time the reads people wait for.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../db/client";
import { createSqliteStore } from "../db/sqlite/store";
import { getHistory, listConversations } from "../lib/chat/conversations";
import { syncChanges } from "../lib/chat/sync";
import { parseSyncCursor } from "../lib/chat/sync-cursor";

const args = JSON.parse(process.argv[2] ?? "{}") as { messages: number; conversations: number; hubConversations: number; missed: number };
const dir = mkdtempSync(path.join(tmpdir(), "chat-bench-history-"));
const database = openDatabase(path.join(dir, "bench.db"));
const { sqlite } = database;
const services = { store: createSqliteStore(database) };

// Users: a hub in `hubConversations` conversations, and pairs of others for the rest.
const now = Date.now();
const loadStarted = performance.now();
const insertUser = sqlite.prepare("INSERT INTO users (username, password_hash, created_at) VALUES (?, 'x', ?)");
const insertConversation = sqlite.prepare("INSERT INTO conversations (kind, pair_key, created_at) VALUES ('private', ?, ?)");
const insertMember = sqlite.prepare("INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)");
const insertMessage = sqlite.prepare(
  "INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at, reply_to_id, reactions) VALUES (?, ?, ?, ?, ?, ?, ?)",
);
const insertReaction = sqlite.prepare("INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?)");
const members: [number, number][] = [];
sqlite.transaction(() => {
  const hub = Number(insertUser.run("hub", now).lastInsertRowid);
  for (let c = 0; c < args.conversations; c++) {
    const a = c < args.hubConversations ? hub : Number(insertUser.run(`u${c}a`, now).lastInsertRowid);
    const b = Number(insertUser.run(`u${c}b`, now).lastInsertRowid);
    const id = Number(insertConversation.run(`${a}:${b}`, now).lastInsertRowid);
    insertMember.run(id, a, now);
    insertMember.run(id, b, now);
    members.push([a, b]);
  }
})();
const hubId = 1;

// Messages round-robin over conversations, so every conversation's history is interleaved with
// the others' as in real life (the worst case for reading one conversation).
const BATCH = 50_000;
for (let done = 0; done < args.messages; done += BATCH) {
  sqlite.transaction(() => {
    for (let i = done; i < Math.min(args.messages, done + BATCH); i++) {
      const c = i % args.conversations;
      const [a, b] = members[c]!;
      // As in a lively chat: one message in ten answers one a few screens up (ids follow i, from 1),
      // one in five has reactions (rows and the message's copy of them).
      const replyTo = i % 10 === 9 && i >= 20 * args.conversations ? i - 20 * args.conversations + 1 : null;
      const reactions = i % 5 === 4 ? JSON.stringify([{ emoji: "👍", userIds: [a, b] }, { emoji: "🎉", userIds: [b] }]) : "[]";
      const id = Number(
        insertMessage.run(c + 1, i % 2 ? a : b, `message number ${i} with a body of ordinary length`, `c${i}`, now + i, replyTo, reactions).lastInsertRowid,
      );
      if (i % 5 === 4) {
        insertReaction.run(id, a, "👍", now + i);
        insertReaction.run(id, b, "👍", now + i);
        insertReaction.run(id, b, "🎉", now + i);
      }
    }
  })();
}
sqlite.exec(`UPDATE conversations SET last_message_id = (SELECT max(id) FROM messages m WHERE m.conversation_id = conversations.id)`);
// Each message's row in the change log, numbered by its id as the migration numbers old messages.
sqlite.exec(`INSERT INTO changes (seq, kind, conversation_id, message_id) SELECT id, 'message', conversation_id, id FROM messages ORDER BY id`);
// The hub has read everything but the last `missed` messages in its conversations.
const total = Number((sqlite.prepare("SELECT max(id) AS id FROM messages").get() as { id: number }).id);
const replies = Number((sqlite.prepare("SELECT count(*) AS n FROM messages WHERE reply_to_id IS NOT NULL").get() as { n: number }).n);
const reacted = Number((sqlite.prepare("SELECT count(DISTINCT message_id) AS n FROM reactions").get() as { n: number }).n);
sqlite.exec("ANALYZE");
const loadSeconds = (performance.now() - loadStarted) / 1000;

async function time(run: () => Promise<unknown>, calls: number) {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((x, y) => x - y);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99), calls };
}

const random = (n: number) => 1 + Math.floor(Math.random() * n);
const firstPage = await time(() => {
  const c = random(args.conversations);
  return getHistory(services, { id: members[c - 1]![0], username: "reader" }, c, {});
}, 2000);
const deepPage = await time(() => {
  const c = random(args.conversations);
  // A page starting a little after the conversation's first messages: the far end of its history.
  return getHistory(services, { id: members[c - 1]![0], username: "reader" }, c, { before: c + args.conversations * 60 });
}, 2000);
const conversationList = await time(() => listConversations(services, hubId), 100);

// Catch-up: the hub was away while `missed` messages arrived in its conversations.
const hubMessagesAfter = sqlite.prepare(
  `SELECT m.id FROM messages m JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = ?
   ORDER BY m.id DESC LIMIT 1 OFFSET ?`,
);
const cursor = Number((hubMessagesAfter.get(hubId, args.missed) as { id: number } | undefined)?.id ?? 0);
let fetched = 0;
const catchUp = await time(async () => {
  let after = `c0-${cursor}`;
  fetched = 0;
  for (;;) {
    const page = await syncChanges(services, hubId, { after: parseSyncCursor(after)!, limit: 500 });
    fetched += page.messages.length;
    after = String(page.cursor);
    if (!page.hasMore) break;
  }
}, 30);

database.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    messages: total,
    replies,
    reacted,
    conversations: args.conversations,
    loadSeconds,
    firstPage,
    deepPage,
    conversationList: { ...conversationList, conversations: args.hubConversations },
    catchUp: { ...catchUp, messages: fetched },
  }),
);
