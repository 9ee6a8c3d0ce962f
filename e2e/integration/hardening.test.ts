import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, ConversationSummary, MessagePage } from "@/lib/chat/types";
import { api, newClientId, openConversation, send, connect, signUp, startServer, type RunningServer, type TestUser } from "./harness";

let server: RunningServer;
let url: string;
beforeAll(async () => {
  server = await startServer();
  url = server.url;
});
afterAll(async () => {
  await server?.stop();
});

const API_DIR = path.resolve(import.meta.dirname, "../../app/api");
const WRITES = ["POST", "PUT", "PATCH", "DELETE"] as const;

/** Every state-changing route the app has, read from app/api, so a route added later is covered too. */
function writeRoutes(): { route: string; method: (typeof WRITES)[number] }[] {
  const out: { route: string; method: (typeof WRITES)[number] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const source = readFileSync(full, "utf8");
        const route = `/api/${path.relative(API_DIR, dir).split(path.sep).join("/")}`;
        for (const method of WRITES) if (new RegExp(`export const (\\{[^}]*\\b${method}\\b[^}]*\\}|${method}\\b)`).test(source)) out.push({ route, method });
      }
    }
  };
  walk(API_DIR);
  return out;
}

async function summaries(user: TestUser): Promise<ConversationSummary[]> {
  return (await api<{ conversations: ConversationSummary[] }>(url, "/api/conversations", { cookie: user.cookie })).body.conversations;
}

describe("threat: requests from another site riding the session cookie", () => {
  it("refuses every state-changing route with a foreign Origin or Sec-Fetch-Site, and nothing changes", { timeout: 60_000 }, async () => {
    const [ann, ben, cat] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const privateId = await openConversation(url, ann, ben);
    const group = await api<{ conversation: { id: number } }>(url, "/api/groups", { cookie: ann.cookie, body: { title: "Book club", userIds: [ben.id] } });
    const groupId = group.body.conversation.id;
    const socket = await connect(url, ann);
    const message = await send(socket, groupId, "keep me");
    socket.disconnect();
    const before = { lists: await summaries(ann), history: (await api<MessagePage>(url, `/api/conversations/${groupId}/messages`, { cookie: ann.cookie })).body };

    const routes = writeRoutes();
    // The routes this test was written against must all be found (the scan itself is not broken).
    for (const expected of ["POST /api/groups", "POST /api/register", "PUT /api/conversations/[id]/mute", "DELETE /api/blocks/[userId]", "POST /api/auth/[...nextauth]"]) {
      expect(routes.map((r) => `${r.method} ${r.route}`)).toContain(expected);
    }
    const fill = (route: string) =>
      route
        .replace("[id]", String(groupId))
        .replace("[messageId]", String(message.id))
        .replace("[userId]", String(ben.id))
        .replace("[...nextauth]", "signout");
    // Bodies that would succeed from our own page, so only the origin decides.
    const bodies: Record<string, unknown> = {
      "/api/register": { username: `csrf${Date.now() % 1e9}`, password: "correct horse battery" },
      "/api/conversations": { userId: cat.id },
      "/api/groups": { title: "Forged", userIds: [cat.id] },
      "/api/blocks": { userId: cat.id },
      "/api/conversations/[id]": { title: "Forged" },
      "/api/conversations/[id]/members": { userIds: [cat.id] },
      "/api/conversations/[id]/mute": { muted: true },
      "/api/conversations/[id]/messages": { body: "forged", clientId: newClientId() },
    };
    const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }];
    let checked = 0;
    for (const { route, method } of routes) {
      for (const headers of foreign) {
        const body = bodies[route];
        const response = await fetch(`${url}${fill(route)}`, {
          method,
          headers: { cookie: ann.cookie, "content-type": "application/json", ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        expect(response.status, `${method} ${route} with ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.json()).toEqual({ error: "Cross-site request refused", code: "forbidden" });
        checked += 1;
      }
    }
    expect(checked).toBe(routes.length * foreign.length);
    // A form post as text/plain, the classic preflight-free forgery, is refused too.
    const plain = await fetch(`${url}/api/groups`, {
      method: "POST",
      headers: { cookie: ann.cookie, "content-type": "text/plain", origin: "https://evil.example" },
      body: JSON.stringify({ title: "Forged", userIds: [cat.id] }),
    });
    expect(plain.status).toBe(403);

    // Nothing changed: the same lists, the same history, still signed in, nobody blocked.
    expect(await summaries(ann)).toEqual(before.lists);
    expect((await api<MessagePage>(url, `/api/conversations/${groupId}/messages`, { cookie: ann.cookie })).body).toEqual(before.history);
    expect((await api<{ userIds: number[] }>(url, "/api/blocks", { cookie: ann.cookie })).body).toEqual({ userIds: [] });
    expect(await summaries(cat)).toHaveLength(1);
    expect((await summaries(ann)).find((c) => c.id === privateId)).toBeDefined();

    // Our own page's requests, and scripts that send neither header, still work.
    const own = await api(url, `/api/conversations/${groupId}/mute`, { cookie: ann.cookie, method: "PUT", body: { muted: true } });
    expect(own.status).toBe(200);
    const sameOrigin = await fetch(`${url}/api/conversations/${groupId}/mute`, {
      method: "PUT",
      headers: { cookie: ann.cookie, "content-type": "application/json", origin: url, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ muted: false }),
    });
    expect(sameOrigin.status).toBe(200);
  });

  it("accepts only application/json where JSON is expected", async () => {
    const [ann, ben] = await Promise.all([signUp(url), signUp(url)]);
    const body = JSON.stringify({ title: "Plain", userIds: [ben.id] });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const response = await fetch(`${url}/api/groups`, { method: "POST", headers: { cookie: ann.cookie, ...(type ? { "content-type": type } : {}) }, body });
      expect(response.status, type).toBe(415);
      expect(await response.json()).toMatchObject({ code: "unsupported_media_type" });
    }
    expect((await summaries(ann)).filter((c) => c.kind === "group")).toHaveLength(0);
    const ok = await fetch(`${url}/api/groups`, { method: "POST", headers: { cookie: ann.cookie, "content-type": "application/json; charset=utf-8" }, body });
    expect(ok.status).toBe(201);
  });
});

describe("threat: state changes on GET, reachable by a link on any site", () => {
  it("visiting /with/:userId creates no conversation; it offers one, and redirects to one that exists", async () => {
    const [ann, ben] = await Promise.all([signUp(url), signUp(url)]);
    const page = await fetch(`${url}/with/${ben.id}`, { headers: { cookie: ann.cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`Message <bdi>${ben.username}</bdi>`);
    expect((await summaries(ann)).filter((c) => c.kind === "private")).toEqual([]);
    expect((await summaries(ben)).filter((c) => c.kind === "private")).toEqual([]);

    const id = await openConversation(url, ann, ben);
    const again = await fetch(`${url}/with/${ben.id}`, { headers: { cookie: ann.cookie }, redirect: "manual" });
    expect([307, 308, 303]).toContain(again.status);
    expect(new URL(again.headers.get("location") ?? "", url).pathname).toBe(`/c/${id}`);
  });

  it("visiting the lobby's page or reading its history does not join it", async () => {
    const ann = await signUp(url);
    const lobbyId = (await summaries(ann))[0]?.id ?? 0;
    const page = await fetch(`${url}/c/${lobbyId}`, { headers: { cookie: ann.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Join the Lobby");
    const history = await api<{ messages: ChatMessage[] }>(url, `/api/conversations/${lobbyId}/messages`, { cookie: ann.cookie });
    expect(history.status).toBe(200);
    expect(history.body.messages.map((m) => m.body)).not.toContain(`${ann.username} joined the lobby`);
    expect((await summaries(ann))[0]).toMatchObject({ id: lobbyId, joined: false });
  });
});

describe("threat: malformed requests answered with a 500 in plain text", () => {
  it("answers a malformed percent-encoding in an /api path with 400 JSON", async () => {
    const ann = await signUp(url);
    for (const target of ["/api/conversations/%E0%A4%A/messages", "/api/conversations/%ZZ", "/api/users/%C0"]) {
      const response = await fetch(`${url}${target}`, { headers: { cookie: ann.cookie } });
      expect(response.status, target).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({ code: "invalid", error: expect.any(String) });
    }
  });

  it("answers control characters or whitespace in a callbackUrl with 400 JSON", async () => {
    for (const [method, target] of [
      ["GET", "/api/auth/signin?callbackUrl=%01"],
      ["POST", "/api/auth/callback/credentials?callbackUrl=%00"],
      ["POST", "/api/auth/callback/credentials?callbackUrl=/%09/evil.example"],
      ["GET", "/api/auth/session?callbackUrl=%0d%0aSet-Cookie:x=1"],
    ] as const) {
      const response = await fetch(`${url}${target}`, { method, redirect: "manual" });
      expect(response.status, target).toBe(400);
      expect(await response.json()).toMatchObject({ code: "invalid" });
    }
    const form = await fetch(`${url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "x", password: "y", callbackUrl: "/\u0007" }),
    });
    expect(form.status).toBe(400);
  });

  it("logs a flood of bad session cookies in one line, not a stack trace each", async () => {
    const linesBefore = server.output().split("\n").length;
    for (let i = 0; i < 40; i++) {
      const response = await fetch(`${url}/api/users`, { headers: { cookie: `authjs.session-token=garbage${i}` } });
      expect(response.status).toBe(401);
    }
    const added = server.output().split("\n").slice(linesBefore - 1).filter((line) => line.trim() !== "");
    expect(added.length, added.join("\n")).toBeLessThanOrEqual(1);
  });
});

describe("threat: text direction overrides in names", () => {
  it("refuses bidi controls in a group name", async () => {
    const [ann, ben] = await Promise.all([signUp(url), signUp(url)]);
    const response = await api<{ error: string; code: string }>(url, "/api/groups", { cookie: ann.cookie, body: { title: "\u202Egnp.exe", userIds: [ben.id] } });
    expect(response).toMatchObject({ status: 400, body: { code: "invalid", error: expect.stringMatching(/direction/) } });
  });
});

describe("threat: a downgrade to http on a public https site", () => {
  it("sends Strict-Transport-Security when PUBLIC_URL is https, and not otherwise", async () => {
    const plain = await fetch(`${url}/login`);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const https = await startServer({ PUBLIC_URL: "https://chat.example" });
    try {
      for (const target of ["/login", "/api/users", "/api/register"]) {
        const response = await fetch(`${https.url}${target}`);
        expect(response.headers.get("strict-transport-security"), target).toBe("max-age=31536000; includeSubDomains");
      }
    } finally {
      await https.stop();
    }
  });
});
