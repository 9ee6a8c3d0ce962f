import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { SyncPage } from "@/lib/chat/types";
import { api, connect, signUp, startServer, type RunningServer, type TestSocket, type TestUser } from "./harness";

/**
 * Malformed and oversized input for every route and event. Each must be answered with a clear 4xx
 * (or `{ok:false,error}` on the socket), the server must stay up, and nothing may be stored.
 */

let server: RunningServer;
let url: string;
let alice: TestUser;
let bob: TestUser;
let conversationId: number;
let groupId: number;
let tried = 0;

beforeAll(async () => {
  server = await startServer();
  url = server.url;
  [alice, bob] = await Promise.all([signUp(url), signUp(url)]);
  const { body } = await api<{ conversation: { id: number } }>(url, "/api/conversations", { cookie: alice.cookie, body: { userId: bob.id } });
  conversationId = body.conversation.id;
  const group = await api<{ conversation: { id: number } }>(url, "/api/groups", { cookie: alice.cookie, body: { title: "fuzz", userIds: [bob.id] } });
  groupId = group.body.conversation.id;
});

afterAll(async () => {
  console.log(`fuzz: ${tried} bad inputs tried; the server answered every one and stayed up`);
  await server?.stop();
});

type Body = string | Buffer | Record<string, unknown>;

const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const mapValues = (o: Record<string, unknown>, f: (v: unknown) => unknown) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
const withStrings = (o: Record<string, unknown>, f: (s: string) => string) => mapValues(o, (v) => (typeof v === "string" ? f(v) : v));

/** The table: each bad variant of a valid body. */
function badBodies(valid: Record<string, unknown>): [string, Body][] {
  const [firstKey] = Object.keys(valid);
  const missing = { ...valid };
  if (firstKey) delete missing[firstKey];
  const variants: [string, Body][] = [
    ["an empty body", ""],
    ["invalid JSON", "{"],
    ["JSON with a trailing comma", '{"a":1,}'],
    ["JSON null", "null"],
    ["a JSON array", "[]"],
    ["a JSON number", "42"],
    ["a JSON string", '"hello"'],
    ["an empty object", {}],
    ["a missing field", missing],
    ["an extra field", { ...valid, role: "admin" }],
    ["numbers for every field", mapValues(valid, () => 12345)],
    ["booleans for every field", mapValues(valid, () => true)],
    ["null for every field", mapValues(valid, () => null)],
    ["objects for every field", mapValues(valid, () => ({ $gt: "" }))],
    ["arrays for every field", mapValues(valid, (v) => [v])],
    ["empty strings", mapValues(valid, (v) => (typeof v === "string" ? "" : v))],
    ["whitespace-only strings", mapValues(valid, (v) => (typeof v === "string" ? " \n\t " : v))],
    ["4,001-character strings", mapValues(valid, (v) => (typeof v === "string" ? "x".repeat(4001) : v))],
    ["NUL bytes", withStrings(valid, (s) => `${s}\u0000`)],
    ["control characters", withStrings(valid, (s) => `${s}\u001b[2J\u0007`)],
    ["a lone surrogate", withStrings(valid, (s) => `${s}\ud800`)],
    ["negative and fractional numbers", mapValues(valid, (v) => (typeof v === "number" ? -1.5 : v))],
    ["a huge number", JSON.stringify(valid).replace(/:(\d+)/, ":1e400").replace(/:"[^"]*"/, ":1e400")],
    ["__proto__ keys", `{"__proto__":{"polluted":true},${JSON.stringify(valid).slice(1)}`],
    ["a 2 MB body", { ...valid, pad: "x".repeat(2_000_000) }],
    ["5,000 levels of nesting", deep(5000)],
    ["nesting inside a field", `{"x":${deep(3000)},${JSON.stringify(valid).slice(1)}`],
    ["bytes that are not UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ["a form-encoded body", "username=a&password=b"],
  ];
  // A variant that changes nothing for this body (no numbers to negate, say) is not a bad input.
  const same = JSON.stringify(valid);
  return variants.filter(([, body]) => (typeof body === "string" ? body !== same : Buffer.isBuffer(body) || JSON.stringify(body) !== same));
}

async function send(path: string, body: Body, cookie?: string): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (cookie) headers.cookie = cookie;
  const payload = Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === "string" ? body : JSON.stringify(body);
  const response = await fetch(`${url}${path}`, { method: "POST", headers, body: payload });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: the assertion below fails and shows the text.
  }
  return { status: response.status, json };
}

async function storedCount(): Promise<number> {
  const { body } = await api<SyncPage>(url, "/api/sync?after=0&limit=500", { cookie: alice.cookie });
  return body.messages.length;
}

async function userCount(): Promise<number> {
  const { body } = await api<{ users: unknown[] }>(url, "/api/users", { cookie: alice.cookie });
  return body.users.length;
}

async function stillUp(): Promise<void> {
  expect((await api(url, "/api/users", { cookie: bob.cookie })).status).toBe(200);
}

describe("fuzz: HTTP routes", () => {
  const routes: { name: string; path: () => string; valid: () => Record<string, unknown>; cookie: () => string | undefined }[] = [
    { name: "POST /api/register", path: () => "/api/register", valid: () => ({ username: "fuzzy_user", password: "long enough pw" }), cookie: () => undefined },
    { name: "POST /api/conversations", path: () => "/api/conversations", valid: () => ({ userId: bob.id }), cookie: () => alice.cookie },
    {
      name: "POST /api/conversations/:id/messages",
      path: () => `/api/conversations/${conversationId}/messages`,
      valid: () => ({ body: "hello", clientId: "fuzz-client-1" }),
      cookie: () => alice.cookie,
    },
    { name: "POST /api/groups", path: () => "/api/groups", valid: () => ({ title: "fuzz group", userIds: [bob.id] }), cookie: () => alice.cookie },
    {
      name: "POST /api/conversations/:id/members",
      path: () => `/api/conversations/${groupId}/members`,
      valid: () => ({ userIds: [bob.id] }),
      cookie: () => alice.cookie,
    },
    { name: "POST /api/blocks", path: () => "/api/blocks", valid: () => ({ userId: bob.id }), cookie: () => alice.cookie },
  ];

  for (const route of routes) {
    it(`${route.name} answers every bad body with a 4xx {error} and stores nothing`, async () => {
      const [messagesBefore, usersBefore] = [await storedCount(), await userCount()];
      for (const [label, body] of badBodies(route.valid())) {
        tried += 1;
        const { status, json } = await send(route.path(), body, route.cookie());
        expect(status, `${route.name} with ${label}`).toBeGreaterThanOrEqual(400);
        expect(status, `${route.name} with ${label}`).toBeLessThan(500);
        expect(json, `${route.name} with ${label}`).toMatchObject({ error: expect.any(String), code: expect.any(String) });
      }
      await stillUp();
      expect(await storedCount()).toBe(messagesBefore);
      expect(await userCount()).toBe(usersBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it("answers bad ids and query strings on every GET with a 4xx", async () => {
    const paths = [
      "/api/conversations/abc/messages",
      "/api/conversations/0/messages",
      "/api/conversations/-1/messages",
      "/api/conversations/1.5/messages",
      "/api/conversations/99999999999999999999/messages",
      "/api/conversations/%00/messages",
      `/api/conversations/${conversationId}/messages?limit=0`,
      `/api/conversations/${conversationId}/messages?limit=1000`,
      `/api/conversations/${conversationId}/messages?before=abc`,
      `/api/conversations/${conversationId}/messages?before=1&before=2`,
      `/api/conversations/${conversationId}/messages?before=${"9".repeat(400)}`,
      `/api/conversations/${conversationId}/messages?%ff=1`,
      "/api/sync",
      "/api/sync?after=-1",
      "/api/sync?after=1&limit=x",
      `/api/sync?after=${"1".repeat(5000)}`,
    ];
    for (const path of paths) {
      tried += 1;
      const { status, body } = await api<{ error?: string }>(url, path, { cookie: alice.cookie });
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(status, path).toBeLessThan(500);
      expect(body, path).toMatchObject({ error: expect.any(String), code: expect.any(String) });
    }
    await stillUp();
  });

  it("refuses malformed sign-in posts without a server error or a session", async () => {
    const forms = [
      "",
      "username=",
      "csrfToken=forged&username=x&password=y",
      `csrfToken=x&username=${"a".repeat(100_000)}&password=y`,
      "%%%%",
      "username=alice\u0000&password=p",
    ];
    for (const form of forms) {
      tried += 1;
      const response = await fetch(`${url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form,
      });
      expect(response.status, form.slice(0, 40)).toBeLessThan(500);
      expect(response.headers.getSetCookie().some((c) => c.includes("session-token=e"))).toBe(false);
    }
    await stillUp();
  });
});

describe("fuzz: socket events", () => {
  let socket: TestSocket;
  beforeAll(async () => {
    socket = await connect(url, alice);
  });

  const events: [string, () => Record<string, unknown>][] = [
    ["message:send", () => ({ conversationId, body: "hello", clientId: "fuzz-socket-1" })],
    ["typing", () => ({ conversationId, typing: true })],
    ["receipt:read", () => ({ conversationId, messageId: 1 })],
    ["receipt:delivered", () => ({ conversationId, messageId: 1 })],
    ["group:create", () => ({ title: "fuzz group", userIds: [bob.id] })],
    ["group:rename", () => ({ conversationId: groupId, title: "renamed" })],
    ["group:add", () => ({ conversationId: groupId, userIds: [bob.id] })],
    ["group:remove", () => ({ conversationId: groupId, userId: bob.id })],
    ["message:delete", () => ({ conversationId: groupId, messageId: 1 })],
    ["conversation:mute", () => ({ conversationId: groupId, muted: true })],
    ["user:block", () => ({ userId: bob.id })],
    ["user:unblock", () => ({ userId: bob.id })],
  ];

  for (const [event, valid] of events) {
    it(`${event} answers every bad payload with {ok:false,error} and stores nothing`, async () => {
      const before = await storedCount();
      const timed = socket.timeout(5000);
      const emit = (timed.emitWithAck as unknown as (e: string, p: unknown) => Promise<unknown>).bind(timed);
      for (const [label, body] of badBodies(valid())) {
        // Oversized frames and deep nesting have raw-frame tests below (the client library itself
        // cannot serialise 5,000 levels).
        if (label === "a 2 MB body" || label.includes("nesting")) continue;
        tried += 1;
        let payload: unknown = body;
        if (typeof body === "string") {
          try {
            payload = JSON.parse(body);
          } catch {
            payload = body; // sent as a raw string
          }
        } else if (Buffer.isBuffer(body)) payload = body;
        const ack = await emit(event, payload);
        expect(ack, `${event} with ${label}`).toEqual({ ok: false, error: expect.any(String), code: expect.any(String) });
      }
      expect(socket.connected).toBe(true);
      expect(await storedCount()).toBe(before);
    });
  }

  it("drops a connection that sends a frame over the size limit, and keeps serving others", async () => {
    const big = await connect(url, bob);
    const closed = new Promise<string>((resolve) => big.once("disconnect", resolve));
    tried += 1;
    (big.emit as unknown as (e: string, p: unknown) => void)("message:send", {
      conversationId,
      body: "x".repeat(40_000),
      clientId: randomUUID().replaceAll("-", ""),
    });
    expect(await closed).toMatch(/transport close|transport error|parse error/);
    await stillUp();
    const fresh = await connect(url, bob);
    expect(fresh.connected).toBe(true);
    fresh.disconnect();
  });

  it("answers a raw frame nested 5,000 levels deep with {ok:false,error}", async () => {
    const ws = new WebSocket(`${url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`, {
      headers: { cookie: alice.cookie, origin: url },
    });
    const frames: string[] = [];
    ws.on("message", (data) => frames.push(String(data)));
    const next = (match: (f: string) => boolean) =>
      new Promise<string>((resolve, reject) => {
        const found = frames.find(match);
        if (found) return resolve(found);
        const onMessage = (data: unknown) => {
          if (!match(String(data))) return;
          ws.off("message", onMessage);
          resolve(String(data));
        };
        ws.on("message", onMessage);
        ws.once("error", reject);
      });
    await next((f) => f.startsWith("0{"));
    ws.send("40");
    await next((f) => f.startsWith("40{"));
    for (const event of ["message:send", "typing", "receipt:read"]) {
      tried += 1;
      frames.length = 0;
      ws.send(`427["${event}",${deep(5000)}]`);
      const reply = await next((f) => f.startsWith("437"));
      expect(JSON.parse(reply.slice(3)), event).toEqual([{ ok: false, error: expect.any(String), code: expect.any(String) }]);
    }
    ws.close();
    await stillUp();
  });

  it("answers an event with no ack callback without crashing, and unknown events are ignored", async () => {
    tried += 2;
    (socket.emit as unknown as (e: string, p: unknown) => void)("message:send", { nonsense: true });
    (socket.emit as unknown as (e: string, p: unknown) => void)("admin:drop-tables", {});
    const ack = await (socket.emitWithAck as unknown as (e: string, p: unknown) => Promise<unknown>)("typing", { conversationId, typing: false });
    expect(ack).toEqual({ ok: true });
  });
});
