import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, MessagePage } from "@/lib/chat/types";
import {
  api,
  authPost,
  connect,
  connectSocket,
  openConversation,
  PASSWORD,
  signIn,
  signOut,
  signUp,
  socketFor,
  startServer,
  type RunningServer,
  type TestSocket,
  type TestUser,
} from "./harness";
import { startRedis } from "./redis-harness";

let server: RunningServer;
let url: string;
const sockets: TestSocket[] = [];
const servers: RunningServer[] = [];

beforeAll(async () => {
  server = await startServer();
  url = server.url;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
  for (const s of servers) await s.stop();
});

const clientId = () => randomUUID().replaceAll("-", "");

const open = (a: TestUser, b: TestUser) => openConversation(url, a, b);

function disconnected(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => socket.once("disconnect", resolve));
}

async function signOutOk(base: string, cookie: string): Promise<void> {
  expect((await signOut(base, cookie)).status).toBe(302);
}

describe("threat: cross-site WebSocket hijacking", () => {
  it("accepts only the public origin in production, even with a valid cookie", async () => {
    const publicServer = await startServer({ PUBLIC_URL: "https://chat.example" });
    servers.push(publicServer);
    const user = await signUp(publicServer.url);
    await expect(connectSocket(socketFor(publicServer.url, user.cookie, "https://evil.example"))).rejects.toThrow("Origin not allowed");
    // The server's own http address is not the public origin either.
    await expect(connectSocket(socketFor(publicServer.url, user.cookie, publicServer.url))).rejects.toThrow("Origin not allowed");
    const ok = await connectSocket(socketFor(publicServer.url, user.cookie, "https://chat.example"));
    expect(ok.connected).toBe(true);
    ok.disconnect();
  });
});

describe("threat: no session, an expired session, a signed-out session", () => {
  it("refuses an expired session token on the API and at the handshake", async () => {
    const user = await signUp(url);
    const secret = server.authSecret();
    const expired = await encode({
      token: { sub: String(user.id), name: user.username, epoch: 0 },
      secret,
      salt: "authjs.session-token",
      maxAge: -60,
    });
    const cookie = `authjs.session-token=${expired}`;
    expect((await api(url, "/api/users", { cookie })).status).toBe(401);
    await expect(connectSocket(socketFor(url, cookie))).rejects.toThrow(/unauthorized/i);
    // The same token, minted valid, is accepted: the refusal above is about expiry.
    const valid = await encode({ token: { sub: String(user.id), name: user.username, epoch: 0 }, secret, salt: "authjs.session-token", maxAge: 60 });
    expect((await api(url, "/api/users", { cookie: `authjs.session-token=${valid}` })).status).toBe(200);
  });

  it("signing out ends every session of the user and disconnects their sockets", async () => {
    const user = await signUp(url);
    const otherDevice = await signIn(url, user.username);
    expect(otherDevice).toBeTruthy();
    const [tab, phone] = [await connect(url, user), await connect(url, { ...user, cookie: otherDevice! })];
    const [tabGone, phoneGone] = [disconnected(tab), disconnected(phone)];

    await signOutOk(url, user.cookie);
    expect(await tabGone).toBe("io server disconnect");
    expect(await phoneGone).toBe("io server disconnect");
    // Neither the signed-out cookie nor the other device's (copied, unexpired) cookie works any more.
    expect((await api(url, "/api/users", { cookie: user.cookie })).status).toBe(401);
    expect((await api(url, "/api/users", { cookie: otherDevice! })).status).toBe(401);
    await expect(connectSocket(socketFor(url, otherDevice!))).rejects.toThrow(/unauthorized/i);
    // Signing in again works.
    const again = await signIn(url, user.username);
    expect((await api(url, "/api/users", { cookie: again! })).status).toBe(200);
  });

  it("answers no session to a signed-out cookie at /api/auth/session and does not refresh it", async () => {
    const user = await signUp(url);
    const session = () => fetch(`${url}/api/auth/session`, { headers: { cookie: user.cookie } });
    const before = await session();
    expect(((await before.json()) as { user?: { name?: string } } | null)?.user?.name).toBe(user.username);
    await signOutOk(url, user.cookie);
    const after = await session();
    expect(after.status).toBe(200);
    expect(await after.json()).toBeNull();
    // Auth.js clears the cookie (empty value) rather than re-issuing the token with a later expiry.
    const refreshed = after.headers
      .getSetCookie()
      .map((line) => line.split(";")[0] ?? "")
      .filter((pair) => /session-token=./.test(pair));
    expect(refreshed).toEqual([]);
  });

  it("signing out on one instance disconnects the user's sockets on another", { timeout: 60_000 }, async () => {
    const redis = await startRedis();
    try {
      const a = await startServer({ REDIS_URL: redis.url });
      servers.push(a);
      const b = await startServer({ REDIS_URL: redis.url }, { dataDir: a.dataDir, keepData: true });
      servers.push(b);
      const user = await signUp(a.url);
      const onB = await connect(b.url, user);
      const gone = disconnected(onB);
      await signOutOk(a.url, user.cookie);
      expect(await gone).toBe("io server disconnect");
    } finally {
      await redis.kill();
    }
  });
});

describe("threat: reading or writing what is not yours", () => {
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let conversationId: number;

  beforeAll(async () => {
    [alice, bob, eve] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    conversationId = await open(alice, bob);
    await api(url, `/api/conversations/${conversationId}/messages`, { cookie: alice.cookie, body: { body: "private", clientId: clientId() } });
  });

  it("answers a non-member exactly as for a conversation that does not exist, on every route and event", async () => {
    const missing = 99_999_999;
    for (const id of [conversationId, missing]) {
      const read = await api<{ error: string }>(url, `/api/conversations/${id}/messages`, { cookie: eve.cookie });
      const write = await api<{ error: string }>(url, `/api/conversations/${id}/messages`, {
        cookie: eve.cookie,
        body: { body: "hi", clientId: clientId() },
      });
      expect([read.status, read.body]).toEqual([404, { error: "Conversation not found", code: "not_member" }]);
      expect([write.status, write.body]).toEqual([404, { error: "Conversation not found", code: "not_member" }]);
      const page = await fetch(`${url}/c/${id}`, { headers: { cookie: eve.cookie } });
      expect(page.status).toBe(404);
    }
    const socket = await connect(url, eve);
    sockets.push(socket);
    for (const [event, payload] of [
      ["message:send", { conversationId, body: "hi", clientId: clientId() }],
      ["typing", { conversationId, typing: true }],
      ["receipt:read", { conversationId, messageId: 1 }],
      ["receipt:delivered", { conversationId, messageId: 1 }],
    ] as const) {
      const ack = await (socket.emitWithAck as (e: string, p: unknown) => Promise<unknown>)(event, payload);
      expect(ack, event).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
    }
    const sync = await api<{ messages: ChatMessage[] }>(url, "/api/sync?after=0", { cookie: eve.cookie });
    expect(sync.body.messages.filter((m) => m.conversationId === conversationId)).toEqual([]);
  });

  it("takes the sender from the session: a senderId in the payload is refused, never used", async () => {
    const socket = await connect(url, eve);
    sockets.push(socket);
    const own = await open(eve, bob);
    const forged = await (socket.emitWithAck as (e: string, p: unknown) => Promise<{ ok: boolean }>)("message:send", {
      conversationId: own,
      body: "I am alice",
      clientId: clientId(),
      senderId: alice.id,
    });
    expect(forged.ok).toBe(false);
    const http = await api(url, `/api/conversations/${own}/messages`, {
      cookie: eve.cookie,
      body: { body: "I am alice", clientId: clientId(), senderId: alice.id },
    });
    expect(http.status).toBe(400);
    const ok = await api<{ message: ChatMessage }>(url, `/api/conversations/${own}/messages`, {
      cookie: eve.cookie,
      body: { body: "as myself", clientId: clientId() },
    });
    expect(ok.body.message.senderId).toBe(eve.id);
  });
});

describe("threat: account takeover and impersonation", () => {
  it("refuses names that differ only in case or by look-alike letters", async () => {
    const name = `victim${Date.now() % 100000}`;
    expect((await api(url, "/api/register", { body: { username: name, password: PASSWORD } })).status).toBe(201);
    for (const lookalike of [name.toUpperCase(), name.replace("i", "і") /* Cyrillic i */, name.replace("c", "ϲ"), `${name}\u200b`]) {
      const r = await api(url, "/api/register", { body: { username: lookalike, password: PASSWORD } });
      expect([400, 409], lookalike).toContain(r.status);
    }
    // The original account still signs in with its own password only.
    expect(await signIn(url, name, PASSWORD)).toBeTruthy();
  });

  it("takes as long to refuse an unknown user as a wrong password", async () => {
    // Four accounts, so that none runs past the free failures and into a delay.
    const users = [await signUp(url), await signUp(url), await signUp(url), await signUp(url)];
    const time = async (username: string) => {
      const started = performance.now();
      expect(await signIn(url, username, "wrong password!")).toBeNull();
      return performance.now() - started;
    };
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Seven of each, interleaved: a median of five swung with whatever else the machine was doing.
    for (let i = 0; i < 7; i++) {
      unknown.push(await time(`nobody${i}x${Date.now() % 10000}`));
      wrong.push(await time(users[i % 4]!.username));
    }
    const ratio = median(unknown) / median(wrong);
    console.log(`sign-in refusal median: unknown user ${median(unknown).toFixed(0)} ms, wrong password ${median(wrong).toFixed(0)} ms`);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });
});

describe("threat: missing security headers and weak cookies", () => {
  it("sends a nonce-based CSP without unsafe-eval or inline scripts, and the other headers, on pages", async () => {
    const response = await fetch(`${url}/login`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("permissions-policy")).toContain("camera=()");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    // Next put the nonce on its scripts, and every script carries it.
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A new nonce for every response.
    const again = (await fetch(`${url}/login`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
  });

  it("sends a deny-all CSP and the same headers on API answers", async () => {
    const response = await fetch(`${url}/api/users`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-type")).toContain("application/json");
  });

  it("sets the session cookie httpOnly and SameSite=Lax, and Secure with a __Secure- name under https", async () => {
    const user = await signUp(url);
    const login = await authPost(url, "/api/auth/callback/credentials", { username: user.username, password: PASSWORD });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);

    const https = await startServer({ PUBLIC_URL: "https://chat.example" });
    servers.push(https);
    const name = `sec${Date.now() % 100000}`;
    expect((await api(https.url, "/api/register", { body: { username: name, password: PASSWORD } })).status).toBe(201);
    // Over plain http a browser would drop a Secure cookie; the test reads the header the server sent.
    const secureLogin = await authPost(https.url, "/api/auth/callback/credentials", { username: name, password: PASSWORD });
    const all = secureLogin.headers.getSetCookie().join("\n");
    expect(all).toMatch(/__Secure-authjs\.session-token=[^;]+;[^\n]*Secure/);
    expect(all).toMatch(/__Secure-authjs\.session-token=[^;]+;[^\n]*HttpOnly/i);
  });
});

describe("threat: stored data read back", () => {
  it("stores markup and control-free text byte for byte and returns it as JSON text", async () => {
    const [a, b] = await Promise.all([signUp(url), signUp(url)]);
    const id = await open(a, b);
    const body = `<script>alert(1)</script><img src=x onerror=alert(2)> "quotes" & ampersands`;
    await api(url, `/api/conversations/${id}/messages`, { cookie: a.cookie, body: { body, clientId: clientId() } });
    const page = await api<MessagePage>(url, `/api/conversations/${id}/messages`, { cookie: b.cookie });
    expect(page.body.messages[0]?.body).toBe(body);
  });
});
