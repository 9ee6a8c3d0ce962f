import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, ConversationSummary, MessagePage } from "@/lib/chat/types";
import type { Ack } from "@/lib/realtime/events";
import {
  api,
  collect,
  connectSocket,
  nextEvent,
  openConversation as openConversationAt,
  signIn,
  signOut,
  signUp,
  socketFor,
  uniqueName,
  type TestSocket,
  type TestUser,
} from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();
let url: string;
beforeAll(() => {
  url = app.url;
});
const online = (user: TestUser) => app.online(user);
const openConversation = (a: TestUser, b: TestUser) => openConversationAt(url, a, b);

function send(socket: TestSocket, payload: unknown): Promise<Ack<{ message: ChatMessage }>> {
  // Deliberately untyped payload: malformed input must be answered, not rejected by the compiler.
  return (socket as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<{ message: ChatMessage }>> }).emitWithAck(
    "message:send",
    payload,
  );
}

const clientId = () => randomUUID().replaceAll("-", "");

describe("accounts", () => {
  it("registers, refuses a taken name in any letter case, and signs in over the Auth.js endpoints", async () => {
    const name = uniqueName("acct");
    const created = await api<{ user: { id: number; username: string } }>(url, "/api/register", {
      body: { username: name, password: "long enough pw" },
    });
    expect(created.status).toBe(201);
    expect(created.body.user.username).toBe(name);

    const taken = await api<{ error: string }>(url, "/api/register", {
      body: { username: name.toUpperCase(), password: "long enough pw" },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatch(/taken/i);

    expect(await signIn(url, name, "wrong password")).toBeNull();
    expect(await signIn(url, name.toUpperCase(), "long enough pw")).toMatch(/^authjs\.session-token=/);
  });

  it.each([
    [{ username: "ab", password: "long enough pw" }, /at least 3/],
    [{ username: "bad name!", password: "long enough pw" }, /letters a-z/],
    [{ username: "fine_name", password: "short" }, /at least 8/],
    [{ username: "fine_name" }, /password/i],
    [{ username: "fine_name", password: "long enough pw", admin: true }, /unexpected field/i],
  ])("answers 400 with a reason for %j", async (body, reason) => {
    const { status, body: answer } = await api<{ error: string }>(url, "/api/register", { body });
    expect(status).toBe(400);
    expect(answer.error).toMatch(reason);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const { status, body } = await api<{ error: string }>(url, "/api/register", { rawBody: "{nope" });
    expect(status).toBe(400);
    expect(body.error).toMatch(/json/i);
  });

  it("answers 401 on every API route without a session", async () => {
    for (const [path, method] of [
      ["/api/users", "GET"],
      ["/api/conversations", "GET"],
      ["/api/conversations", "POST"],
      ["/api/conversations/1/messages", "GET"],
      ["/api/conversations/1/messages", "POST"],
    ] as const) {
      const { status, body } = await api<{ error: string }>(url, path, { method, rawBody: method === "POST" ? "{}" : undefined });
      expect(status, `${method} ${path}`).toBe(401);
      expect(body.error).toBeTruthy();
    }
  });

  it("ends the session on sign-out", async () => {
    const user = await signUp(url);
    expect((await api(url, "/api/users", { cookie: user.cookie })).status).toBe(200);
    const out = await signOut(url, user.cookie);
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    expect(cleared).toMatch(/authjs\.session-token=;|Max-Age=0|Expires=Thu, 01 Jan 1970/);
  });
});

describe("socket handshake", () => {
  it("refuses a handshake without a session", async () => {
    await expect(connectSocket(socketFor(url, null))).rejects.toThrow(/unauthorized/i);
  });

  it("refuses a forged session cookie", async () => {
    await expect(connectSocket(socketFor(url, "authjs.session-token=forged"))).rejects.toThrow(/unauthorized/i);
  });

  it("refuses a foreign Origin even with a valid session", async () => {
    const user = await signUp(url);
    await expect(connectSocket(socketFor(url, user.cookie, "https://evil.example"))).rejects.toThrow(/origin/i);
  });
});

describe("private conversations", () => {
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let conversationId: number;

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    conversationId = await openConversation(alice, bob);
  });

  it("gives both members the same conversation every time", async () => {
    expect(await openConversation(bob, alice)).toBe(conversationId);
    expect(await openConversation(alice, bob)).toBe(conversationId);
    expect(await openConversation(alice, carol)).not.toBe(conversationId);
  });

  it("refuses a conversation with oneself or a missing user", async () => {
    expect((await api(url, "/api/conversations", { cookie: alice.cookie, body: { userId: alice.id } })).status).toBe(400);
    expect((await api(url, "/api/conversations", { cookie: alice.cookie, body: { userId: 999999 } })).status).toBe(404);
    expect((await api(url, "/api/conversations", { cookie: alice.cookie, body: { userId: "2" } })).status).toBe(400);
  });

  it("acks a socket send and delivers it to every socket of every member, and to no one else", async () => {
    const [a1, a2, b1, c1] = await Promise.all([online(alice), online(alice), online(bob), online(carol)]);
    const carolSaw = collect(c1, "message:new");
    const id = clientId();
    const atBob = nextEvent(b1, "message:new", (m) => m.clientId === id);
    const atOtherTab = nextEvent(a2, "message:new", (m) => m.clientId === id);
    const atSender = nextEvent(a1, "message:new", (m) => m.clientId === id);

    const ack = await send(a1, { conversationId, body: "  hello bob  ", clientId: id });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.message).toMatchObject({ conversationId, senderId: alice.id, senderName: alice.username, body: "hello bob", clientId: id });

    for (const delivered of await Promise.all([atBob, atOtherTab, atSender])) expect(delivered).toEqual(ack.message);

    // Carol is in another conversation with Alice; a message there is the fence for what she got.
    const fence = await openConversation(carol, alice);
    const fenceId = clientId();
    const fenceSeen = nextEvent(c1, "message:new", (m) => m.clientId === fenceId);
    await send(a1, { conversationId: fence, body: "fence", clientId: fenceId });
    await fenceSeen;
    expect(carolSaw.map((m) => m.clientId)).toEqual([fenceId]);
  });

  it("stores and delivers a repeated clientId once, acking the same message", async () => {
    const [a, b] = await Promise.all([online(alice), online(bob)]);
    const bobSaw = collect(b, "message:new");
    const id = clientId();
    const first = await send(a, { conversationId, body: "once", clientId: id });
    const second = await send(a, { conversationId, body: "once", clientId: id });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.message).toEqual(first.message);

    const fenceId = clientId();
    const fence = nextEvent(b, "message:new", (m) => m.clientId === fenceId);
    await send(a, { conversationId, body: "after", clientId: fenceId });
    await fence;
    expect(bobSaw.filter((m) => m.clientId === id)).toHaveLength(1);

    const history = await api<MessagePage>(url, `/api/conversations/${conversationId}/messages?limit=100`, { cookie: bob.cookie });
    expect(history.body.messages.filter((m) => m.clientId === id)).toHaveLength(1);
  });

  it("refuses a clientId reused for a different conversation", async () => {
    const a = await online(alice);
    const other = await openConversation(alice, carol);
    const id = clientId();
    expect((await send(a, { conversationId, body: "one", clientId: id })).ok).toBe(true);
    const reused = await send(a, { conversationId: other, body: "two", clientId: id });
    expect(reused).toEqual({ ok: false, error: expect.stringMatching(/clientId/), code: "conflict" });
  });

  it("delivers an HTTP fallback send to the members' sockets like a socket send", async () => {
    const b = await online(bob);
    const id = clientId();
    const atBob = nextEvent(b, "message:new", (m) => m.clientId === id);
    const posted = await api<{ message: ChatMessage }>(url, `/api/conversations/${conversationId}/messages`, {
      cookie: alice.cookie,
      body: { body: "over http", clientId: id },
    });
    expect(posted.status).toBe(201);
    expect(await atBob).toEqual(posted.body.message);

    const again = await api<{ message: ChatMessage }>(url, `/api/conversations/${conversationId}/messages`, {
      cookie: alice.cookie,
      body: { body: "over http", clientId: id },
    });
    expect(again.status).toBe(200);
    expect(again.body.message.id).toBe(posted.body.message.id);
  });

  it("refuses a non-member's reads and writes without revealing the conversation", async () => {
    const c = await online(carol);
    const read = await api<{ error: string }>(url, `/api/conversations/${conversationId}/messages`, { cookie: carol.cookie });
    const missing = await api<{ error: string }>(url, `/api/conversations/987654/messages`, { cookie: carol.cookie });
    expect(read.status).toBe(404);
    expect(read.body).toEqual(missing.body);

    const write = await api(url, `/api/conversations/${conversationId}/messages`, {
      cookie: carol.cookie,
      body: { body: "let me in", clientId: clientId() },
    });
    expect(write.status).toBe(404);

    const ack = await send(c, { conversationId, body: "let me in", clientId: clientId() });
    expect(ack).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });

    const history = await api<MessagePage>(url, `/api/conversations/${conversationId}/messages?limit=100`, { cookie: alice.cookie });
    expect(history.body.messages.some((m) => m.body === "let me in")).toBe(false);
  });

  it("ignores a senderId in the payload by refusing the extra field", async () => {
    const c = await online(carol);
    const own = await openConversation(carol, bob);
    const ack = await send(c, { conversationId: own, body: "as alice?", clientId: clientId(), senderId: alice.id });
    expect(ack.ok).toBe(false);
  });

  it.each([
    ["a string", "hello"],
    ["null", null],
    ["an empty object", {}],
    ["a missing body", { conversationId: 1, clientId: "abcdefgh12" }],
    ["an empty body", { conversationId: 1, body: "", clientId: "abcdefgh12" }],
    ["a whitespace body", { conversationId: 1, body: " \n\t ", clientId: "abcdefgh12" }],
    ["a 4,001-character body", { conversationId: 1, body: "x".repeat(4001), clientId: "abcdefgh12" }],
    ["a numeric body", { conversationId: 1, body: 42, clientId: "abcdefgh12" }],
    ["a string conversationId", { conversationId: "1", body: "hi", clientId: "abcdefgh12" }],
    ["a negative conversationId", { conversationId: -1, body: "hi", clientId: "abcdefgh12" }],
    ["a short clientId", { conversationId: 1, body: "hi", clientId: "x" }],
    ["a NUL byte", { conversationId: 1, body: "a\u0000b", clientId: "abcdefgh12" }],
    ["a lone surrogate", { conversationId: 1, body: "a\uD800b", clientId: "abcdefgh12" }],
  ])("answers %s with {ok:false,error} and stays up", async (_label, payload) => {
    const a = await online(alice);
    const ack = await send(a, payload);
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error).toEqual(expect.any(String));
    expect(a.connected).toBe(true);
  });

  it("says too_long for a message over 4,000 characters, on the socket and over HTTP", async () => {
    const a = await online(alice);
    expect(await send(a, { conversationId: 1, body: "x".repeat(4001), clientId: "toolong1234" })).toMatchObject({ ok: false, code: "too_long" });
    const posted = await api<{ code: string }>(url, "/api/conversations/1/messages", { cookie: alice.cookie, body: { body: "x".repeat(4001), clientId: "toolong5678" } });
    expect(posted).toMatchObject({ status: 400, body: { code: "too_long" } });
  });

  it("pages history backwards by id, oldest first, and forwards with after", async () => {
    const dave = await signUp(url);
    const erin = await signUp(url);
    const id = await openConversation(dave, erin);
    const posted: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await api<{ message: ChatMessage }>(url, `/api/conversations/${id}/messages`, {
        cookie: i % 2 ? erin.cookie : dave.cookie,
        body: { body: `m${i}`, clientId: clientId() },
      });
      posted.push(r.body.message.id);
    }
    const latest = await api<MessagePage>(url, `/api/conversations/${id}/messages?limit=3`, { cookie: erin.cookie });
    expect(latest.body.messages.map((m) => m.body)).toEqual(["m4", "m5", "m6"]);
    expect(latest.body.nextCursor).toBe(posted[4]);

    const older = await api<MessagePage>(url, `/api/conversations/${id}/messages?limit=3&before=${latest.body.nextCursor}`, {
      cookie: erin.cookie,
    });
    expect(older.body.messages.map((m) => m.body)).toEqual(["m1", "m2", "m3"]);
    const oldest = await api<MessagePage>(url, `/api/conversations/${id}/messages?limit=3&before=${older.body.nextCursor}`, {
      cookie: erin.cookie,
    });
    expect(oldest.body).toMatchObject({ nextCursor: null });
    expect(oldest.body.messages.map((m) => m.body)).toEqual(["m0"]);

    const after = await api<MessagePage>(url, `/api/conversations/${id}/messages?after=${posted[4]}`, { cookie: dave.cookie });
    expect(after.body.messages.map((m) => m.body)).toEqual(["m5", "m6"]);
    const fromStart = await api<MessagePage>(url, `/api/conversations/${id}/messages?after=0&limit=2`, { cookie: dave.cookie });
    expect(fromStart.body.messages.map((m) => m.body)).toEqual(["m0", "m1"]);

    for (const bad of ["limit=101", "limit=0", "before=abc", "before=1&after=1", "extra=1"]) {
      const r = await api<{ error: string }>(url, `/api/conversations/${id}/messages?${bad}`, { cookie: dave.cookie });
      expect(r.status, bad).toBe(400);
      expect(r.body.error).toBeTruthy();
    }
  });

  it("lists my conversations newest activity first with the last message", async () => {
    const fay = await signUp(url);
    const [gus, hal] = await Promise.all([signUp(url), signUp(url)]);
    const withGus = await openConversation(fay, gus);
    const withHal = await openConversation(fay, hal);
    await api(url, `/api/conversations/${withHal}/messages`, { cookie: hal.cookie, body: { body: "first", clientId: clientId() } });
    await api(url, `/api/conversations/${withGus}/messages`, { cookie: gus.cookie, body: { body: "second", clientId: clientId() } });
    const { body } = await api<{ conversations: ConversationSummary[] }>(url, "/api/conversations", { cookie: fay.cookie });
    expect(body.conversations.map((c) => [c.title, c.lastMessage?.body])).toEqual([
      ["Lobby", undefined],
      [gus.username, "second"],
      [hal.username, "first"],
    ]);
  });
});
