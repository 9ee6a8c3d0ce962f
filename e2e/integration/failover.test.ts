import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage, MessagePage } from "@/lib/chat/types";
import { api, signUp, startServer, type RunningServer, type TestUser } from "./harness";
import { clusterForThisFile } from "./postgres-cluster";
import { createDatabase } from "./postgres-harness";
import { freePort, startRedis, type RunningRedis } from "./redis-harness";
import { ReliableClient } from "./reliable-client";

const PAIRS = 12; // 24 signed-in clients
const MESSAGES_PER_CLIENT = 15;
const PACE_MS = 40; // between one ack and the next send: load shaping, not waiting for an event
// 25 messages a second per client is far above the default send limit, which has its own tests.
const FAST = { SEND_BURST: "1000", SEND_RATE_PER_SEC: "1000" };

// PostgreSQL for the test of hosts sharing a database.
const clusterUrl = clusterForThisFile();

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  cleanup = [];
});

interface Pair {
  a: ReliableClient;
  b: ReliableClient;
  conversationId: number;
}

async function makePairs(url: string, urlsFor: (index: number) => string[]): Promise<Pair[]> {
  const users: TestUser[] = [];
  for (let i = 0; i < PAIRS * 2; i += 6) users.push(...(await Promise.all(Array.from({ length: 6 }, () => signUp(url)))));
  const pairs: Pair[] = [];
  for (let p = 0; p < PAIRS; p++) {
    const [ua, ub] = [users[2 * p]!, users[2 * p + 1]!];
    const { body } = await api<{ conversation: { id: number } }>(url, "/api/conversations", { cookie: ua.cookie, body: { userId: ub.id } });
    pairs.push({ a: new ReliableClient(ua, urlsFor(2 * p)), b: new ReliableClient(ub, urlsFor(2 * p + 1)), conversationId: body.conversation.id });
  }
  const clients = pairs.flatMap((p) => [p.a, p.b]);
  await Promise.all(clients.map((c) => c.start()));
  cleanup.push(async () => clients.forEach((c) => c.stop()));
  return pairs;
}

/**
 * Every client sends to its partner, one message after another, each resent until acked. `disrupt`
 * runs once a third of all messages are acked. Then checks what every recipient holds.
 */
async function runTraffic(pairs: Pair[], disrupt: () => Promise<void>, historyUrl: () => string) {
  const clients = pairs.flatMap((p) => [p.a, p.b]);
  const partner = new Map(pairs.flatMap((p) => [[p.a, p.b] as const, [p.b, p.a] as const]));
  const conversation = new Map(pairs.flatMap((p) => [[p.a, p.conversationId] as const, [p.b, p.conversationId] as const]));
  const acked = new Map<ReliableClient, ChatMessage[]>(clients.map((c) => [c, []]));
  let attempted = 0;
  let totalAcked = 0;
  let disrupted: Promise<void> | null = null;
  const threshold = Math.floor((clients.length * MESSAGES_PER_CLIENT) / 3);

  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < MESSAGES_PER_CLIENT; i++) {
        attempted += 1;
        const message = await client.send(conversation.get(client)!, `${client.user.username} #${i}`);
        acked.get(client)!.push(message);
        totalAcked += 1;
        if (totalAcked === threshold) disrupted = disrupt();
        await new Promise((resolve) => setTimeout(resolve, PACE_MS));
      }
    }),
  );
  await disrupted;

  // Every acked message reaches its recipient: live, by catch-up after a reconnect, or by the
  // catch-up every instance orders once a dead instance is reaped (its last pushes may be lost).
  await Promise.all(
    clients.map((client) => {
      const expected = acked.get(partner.get(client)!)!;
      return client.waitFor(() => expected.every((m) => client.received.has(m.id)), 60_000, "every acked message");
    }),
  );

  let delivered = 0;
  let lost = 0;
  let duplicated = 0;
  let pushedTwice = 0;
  for (const client of clients) {
    const expected = acked.get(partner.get(client)!)!;
    for (const m of expected) {
      if (client.received.has(m.id)) delivered++;
      else lost++;
    }
    // A duplicate is one send stored twice: the same (sender, clientId) under two ids.
    const seen = new Set<string>();
    for (const m of client.received.values()) {
      const key = `${m.senderId}:${m.clientId}`;
      if (seen.has(key)) duplicated++;
      seen.add(key);
    }
    for (const count of client.livePushes.values()) if (count > 1) pushedTwice++;
  }

  // Both members hold the same conversation, in the same id order, and so does the database.
  for (const { a, b, conversationId } of pairs) {
    const order = (c: ReliableClient) =>
      [...c.received.values()].filter((m) => m.conversationId === conversationId).sort((x, y) => x.id - y.id).map((m) => m.clientId);
    expect(order(a)).toEqual(order(b));
    const stored = await api<MessagePage>(historyUrl(), `/api/conversations/${conversationId}/messages?limit=100`, { cookie: a.user.cookie });
    expect(stored.body.messages.map((m) => m.clientId)).toEqual(order(a));
    // Each sender's messages are stored in the order they were sent.
    for (const sender of [a, b]) {
      const mine = stored.body.messages.filter((m) => m.senderId === sender.user.id).map((m) => m.clientId);
      expect(mine).toEqual(acked.get(sender)!.map((m) => m.clientId));
    }
  }

  const counts = {
    sent: attempted,
    acked: totalAcked,
    delivered,
    lost,
    duplicated,
    pushedTwice,
    reconnects: clients.reduce((n, c) => n + c.reconnects, 0),
    busyAnswers: clients.reduce((n, c) => n + c.busyAnswers, 0),
  };
  return counts;
}

describe("failure test: nothing lost, nothing doubled", { timeout: 150_000 }, () => {
  it("survives SIGKILL of one of two instances sharing Redis and the SQLite file", async () => {
    const redis = await startRedis();
    cleanup.push(() => redis.kill());
    const dataDir = mkdtempSync(path.join(tmpdir(), "chat-failover-"));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const [portA, portB] = [await freePort(), await freePort()];
    const env = { REDIS_URL: redis.url, ...FAST };
    const a = await startServer({ ...env, PORT: String(portA) }, { dataDir, keepData: true });
    cleanup.push(() => a.stop().then(() => {}));
    const b = await startServer({ ...env, PORT: String(portB) }, { dataDir, keepData: true });
    cleanup.push(() => b.stop().then(() => {}));

    // Partners sit on different instances, so every message crosses Redis.
    const pairs = await makePairs(a.url, (i) => (i % 2 ? [b.url, a.url] : [a.url, b.url]));
    const counts = await runTraffic(pairs, () => b.kill(), () => a.url);
    console.log("instance SIGKILL:", JSON.stringify(counts));
    expect(counts).toMatchObject({ sent: PAIRS * 2 * MESSAGES_PER_CLIENT, acked: PAIRS * 2 * MESSAGES_PER_CLIENT, lost: 0, duplicated: 0 });
    expect(counts.delivered).toBe(counts.acked);
    expect(counts.reconnects).toBeGreaterThanOrEqual(PAIRS);
  });

  it("survives SIGKILL of one of two instances with their own data folders, sharing PostgreSQL and Redis", async () => {
    const redis = await startRedis();
    cleanup.push(() => redis.kill());
    // Nothing shared on disk: each host has its own DATA_DIR; the database, Redis and the secret are shared.
    const env = { REDIS_URL: redis.url, DATABASE_URL: await createDatabase(clusterUrl()), AUTH_SECRET: randomBytes(32).toString("base64url"), ...FAST };
    const a = await startServer(env);
    cleanup.push(() => a.stop().then(() => {}));
    const b = await startServer(env);
    cleanup.push(() => b.stop().then(() => {}));
    expect(a.dataDir).not.toBe(b.dataDir);

    const pairs = await makePairs(a.url, (i) => (i % 2 ? [b.url, a.url] : [a.url, b.url]));
    const counts = await runTraffic(pairs, () => b.kill(), () => a.url);
    console.log("PostgreSQL, instance SIGKILL:", JSON.stringify(counts));
    expect(counts).toMatchObject({ sent: PAIRS * 2 * MESSAGES_PER_CLIENT, acked: PAIRS * 2 * MESSAGES_PER_CLIENT, lost: 0, duplicated: 0 });
    expect(counts.delivered).toBe(counts.acked);
    expect(counts.reconnects).toBeGreaterThanOrEqual(PAIRS);
  });

  it("survives a Redis restart during traffic", async () => {
    let redis: RunningRedis = await startRedis();
    cleanup.push(() => redis.kill());
    const dataDir = mkdtempSync(path.join(tmpdir(), "chat-redis-restart-"));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env = { REDIS_URL: redis.url, ...FAST };
    const a = await startServer(env, { dataDir, keepData: true });
    cleanup.push(() => a.stop().then(() => {}));
    const b = await startServer(env, { dataDir, keepData: true });
    cleanup.push(() => b.stop().then(() => {}));

    const pairs = await makePairs(a.url, (i) => (i % 2 ? [b.url] : [a.url]));
    const counts = await runTraffic(
      pairs,
      async () => {
        const port = redis.port;
        await redis.kill();
        redis = await startRedis(port);
      },
      () => a.url,
    );
    console.log("Redis restart:", JSON.stringify(counts));
    expect(counts).toMatchObject({ acked: counts.sent, lost: 0, duplicated: 0 });
    expect(counts.delivered).toBe(counts.acked);
    await expect.poll(() => a.output() + b.output(), { timeout: 10_000 }).toMatch(/\[redis:\w+\] reconnected/);
  });

  it("survives a restart of the only instance during traffic", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "chat-restart-"));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const port = String(await freePort());
    let server: RunningServer = await startServer({ PORT: port, ...FAST }, { dataDir, keepData: true });
    cleanup.push(() => server.stop().then(() => {}));
    const url = server.url;

    const pairs = await makePairs(url, () => [url]);
    const counts = await runTraffic(
      pairs,
      async () => {
        expect(await server.stop()).toBe(0);
        server = await startServer({ PORT: port, ...FAST }, { dataDir, keepData: true });
      },
      () => url,
    );
    console.log("single instance restart:", JSON.stringify(counts));
    expect(counts).toMatchObject({ acked: counts.sent, lost: 0, duplicated: 0 });
    expect(counts.delivered).toBe(counts.acked);
  });
});
