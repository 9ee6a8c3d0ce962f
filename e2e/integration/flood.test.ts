import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/chat/types";
import type { Ack } from "@/lib/realtime/events";
import { SIGN_IN_FAILURES_PER_IP } from "@/lib/security/rate-limits";
import {
  api,
  authPost,
  connect,
  connectSocket,
  openConversation,
  PASSWORD,
  signInOutcome,
  signUp,
  socketFor,
  startServer,
  uniqueName,
  type RunningServer,
  type TestSocket,
  type TestUser,
} from "./harness";
import { startRedis } from "./redis-harness";

const clientId = () => randomUUID().replaceAll("-", "");
const servers: RunningServer[] = [];
const sockets: TestSocket[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const s of servers) await s.stop();
});

async function boot(env: Record<string, string> = {}, dataDir?: string): Promise<RunningServer> {
  const server = await startServer(env, dataDir ? { dataDir, keepData: true } : {});
  servers.push(server);
  return server;
}

async function pair(url: string): Promise<{ a: TestUser; b: TestUser; conversationId: number }> {
  const [a, b] = await Promise.all([signUp(url), signUp(url)]);
  return { a, b, conversationId: await openConversation(url, a, b) };
}

const sendAck = (socket: TestSocket, conversationId: number) =>
  socket.emitWithAck("message:send", { conversationId, body: "flood", clientId: clientId() }) as Promise<Ack<{ message: ChatMessage }>>;

describe("threat: flooding", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await boot({ MAX_SOCKETS_PER_USER: "3" });
  });

  it("limits sends per user to a burst and then a few a second, with a clear rate_limited answer", async () => {
    const { a, b, conversationId } = await pair(server.url);
    const socket = await connect(server.url, a);
    sockets.push(socket);
    const answers = await Promise.all(Array.from({ length: 25 }, () => sendAck(socket, conversationId)));
    const accepted = answers.filter((r) => r.ok).length;
    const refused = answers.filter((r): r is Extract<typeof r, { ok: false }> => !r.ok);
    // Default: 3 a second plus a burst of 10.
    expect(accepted).toBe(13);
    expect(refused).toHaveLength(12);
    for (const r of refused) {
      expect(r.code).toBe("rate_limited");
      expect(r.retryAfterMs).toBeGreaterThan(0);
    }
    // The HTTP fallback shares the limit: 429 with Retry-After.
    const http = await fetch(`${server.url}/api/conversations/${conversationId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: a.cookie },
      body: JSON.stringify({ body: "over http", clientId: clientId() }),
    });
    expect(http.status).toBe(429);
    expect(Number(http.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await http.json()).toMatchObject({ code: "rate_limited" });
    // Someone else is not affected, and only the accepted ones were stored.
    const other = await connect(server.url, b);
    sockets.push(other);
    expect((await sendAck(other, conversationId)).ok).toBe(true);
    const history = await api<{ messages: ChatMessage[] }>(server.url, `/api/conversations/${conversationId}/messages?limit=100`, {
      cookie: b.cookie,
    });
    expect(history.body.messages.filter((m) => m.senderId === a.id)).toHaveLength(13);
  });

  it("caps the sockets one person may hold open", async () => {
    const user = await signUp(server.url);
    for (let i = 0; i < 3; i++) sockets.push(await connect(server.url, user));
    await expect(connectSocket(socketFor(server.url, user.cookie))).rejects.toThrow("Too many connections");
    sockets.pop()?.disconnect();
  });
});

describe("threat: password guessing from one address", () => {
  it("slows an address to one attempt at a time after many failures across usernames, without locking out a right password", async () => {
    const server = await boot();
    const real = await signUp(server.url);
    for (let i = 0; i < SIGN_IN_FAILURES_PER_IP; i++) {
      expect(await signInOutcome(server.url, uniqueName("guess"), "wrong password")).toBe("wrong");
    }
    // Someone else behind the same address, with no failures of their own, still gets in...
    expect(await signInOutcome(server.url, real.username, PASSWORD)).toBe("signed-in");
    // ...through the slow lane, which the next guess from there must wait for.
    const next = await authPost(server.url, "/api/auth/callback/credentials", { username: uniqueName("guess"), password: "wrong password" });
    expect(next.headers.get("location")).toContain("code=rate_limited");
  });
});

describe("threat: flooding across instances", () => {
  it("holds the send limit across instances through Redis", { timeout: 60_000 }, async () => {
    const redis = await startRedis();
    try {
      const a = await boot({ REDIS_URL: redis.url });
      const b = await boot({ REDIS_URL: redis.url }, a.dataDir);
      const { a: alice, conversationId } = await pair(a.url);
      const onA = await connect(a.url, alice);
      const onB = await connect(b.url, alice);
      sockets.push(onA, onB);
      const first = await Promise.all(Array.from({ length: 13 }, () => sendAck(onA, conversationId)));
      expect(first.every((r) => r.ok)).toBe(true);
      const second = await sendAck(onB, conversationId);
      expect(second).toMatchObject({ ok: false, code: "rate_limited" });
    } finally {
      await redis.kill();
    }
  });
});
