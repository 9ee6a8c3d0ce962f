// `npm run db:port`: an install written by this release on SQLite, copied into an empty PostgreSQL
// database, serves the same people, conversations, history, receipts, blocks and mutes; sessions
// and catch-up cursors carry over; a database that is not empty is refused.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ChatMessage, ConversationSummary, MessagePage, SyncPage } from "@/lib/chat/types";
import { api, joinConversation, signUp, startServer, type RunningServer, type TestUser } from "./harness";
import { clusterForThisFile } from "./postgres-cluster";
import { createDatabase } from "./postgres-harness";

const clusterUrl = clusterForThisFile();
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs `npm run db:port` as a person would; resolves with its exit code and output. */
function runPort(file: string, databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "db:port", "--", file], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

async function post(base: string, user: TestUser, conversationId: number, body: string): Promise<ChatMessage> {
  const r = await api<{ message: ChatMessage }>(base, `/api/conversations/${conversationId}/messages`, {
    cookie: user.cookie,
    body: { body, clientId: randomUUID() },
  });
  expect(r.status).toBe(201);
  return r.body.message;
}

/** Everything a person sees, read through the API. */
async function snapshot(base: string, user: TestUser, conversationIds: number[]) {
  const list = await api<{ conversations: ConversationSummary[] }>(base, "/api/conversations", { cookie: user.cookie });
  const histories: Record<number, ChatMessage[]> = {};
  for (const id of conversationIds) {
    histories[id] = (await api<MessagePage>(base, `/api/conversations/${id}/messages?limit=100`, { cookie: user.cookie })).body.messages;
  }
  const blocked = await api(base, "/api/blocks", { cookie: user.cookie });
  return { conversations: list.body.conversations, histories, blocked: blocked.body };
}

describe("npm run db:port", () => {
  it("copies a SQLite install into an empty PostgreSQL database that then serves everything as before", { timeout: 120_000 }, async () => {
    // An install on SQLite (this run may be the PostgreSQL one: this server is SQLite regardless).
    const before = await startServer({ DATABASE_URL: "" }, { keepData: true });
    const base = before.url;
    const [alice, bob, carol] = [await signUp(base), await signUp(base), await signUp(base)];
    const { body: opened } = await api<{ conversation: { id: number } }>(base, "/api/conversations", { cookie: alice.cookie, body: { userId: bob.id } });
    const chat = opened.conversation.id;
    const { body: created } = await api<{ conversation: { id: number } }>(base, "/api/groups", {
      cookie: alice.cookie,
      body: { title: "Ported", userIds: [bob.id, carol.id] },
    });
    const group = created.conversation.id;
    const lobby = (await joinConversation(base, carol, (await api<{ conversations: ConversationSummary[] }>(base, "/api/conversations", { cookie: carol.cookie })).body.conversations[0]!.id)).id;
    for (let i = 0; i < 5; i++) await post(base, i % 2 ? bob : alice, chat, `private ${i}`);
    const doomed = await post(base, bob, group, "deleted before the move");
    await api(base, `/api/conversations/${group}/messages/${doomed.id}`, { cookie: bob.cookie, method: "DELETE" });
    await post(base, carol, group, `@${bob.username} in the group`);
    await post(base, carol, lobby, "in the lobby");
    await api(base, `/api/conversations/${chat}/mute`, { cookie: bob.cookie, method: "PUT", body: { muted: true } });
    await api(base, "/api/blocks", { cookie: carol.cookie, body: { userId: alice.id } });
    const sync = await api<SyncPage>(base, "/api/sync?after=0", { cookie: bob.cookie });
    const cursor = sync.body.cursor;
    const seen = { alice: await snapshot(base, alice, [chat, group, lobby]), bob: await snapshot(base, bob, [chat, group, lobby]), carol: await snapshot(base, carol, [group, lobby]) };
    const secret = before.authSecret();
    expect(await before.stop()).toBe(0);

    const databaseUrl = await createDatabase(clusterUrl());
    const file = path.join(before.dataDir, "chat.db");
    const ported = await runPort(file, databaseUrl);
    expect(ported.output).toMatch(/Done: \d+ rows copied and counted in 10 tables/);
    expect(ported.code).toBe(0);
    expect(ported.output).toMatch(/messages: \d+ rows/);

    // A second run finds it no longer empty, and changes nothing.
    const again = await runPort(file, databaseUrl);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/not empty/);

    // The same data folder's secret: every session stays valid.
    const after = await startServer({ DATABASE_URL: databaseUrl, AUTH_SECRET: secret }, { dataDir: before.dataDir });
    servers.push(after);
    expect(await snapshot(after.url, alice, [chat, group, lobby])).toEqual(seen.alice);
    expect(await snapshot(after.url, bob, [chat, group, lobby])).toEqual(seen.bob);
    expect(await snapshot(after.url, carol, [group, lobby])).toEqual(seen.carol);

    // New rows get new ids, and a catch-up cursor from before the move continues exactly.
    const newest = Math.max(...Object.values(seen.bob.histories).flat().map((m) => m.id));
    const fresh = await post(after.url, alice, chat, "after the move");
    expect(fresh.id).toBeGreaterThan(newest);
    const caught = await api<SyncPage>(after.url, `/api/sync?after=${encodeURIComponent(cursor)}`, { cookie: bob.cookie });
    expect(caught.body.messages).toEqual([fresh]);
    const { body: other } = await api<{ conversation: { id: number } }>(after.url, "/api/conversations", { cookie: bob.cookie, body: { userId: carol.id } });
    expect(other.conversation.id).toBeGreaterThan(Math.max(chat, group, lobby));
  });

  it("refuses without a database to copy into, or without the SQLite file", async () => {
    const missing = await runPort("/nonexistent/chat.db", await createDatabase(clusterUrl()));
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/No SQLite database at/);
  });
});
