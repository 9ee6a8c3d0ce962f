// GET /api/sync: everything that changed while a client was away, through the change log, on
// whichever store this run uses (the integration suite runs once on SQLite, once on PostgreSQL).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, LegacySyncPage, SyncConversation, SyncPage } from "@/lib/chat/types";
import { api, signUp, startServer, type RunningServer, type TestUser } from "./harness";

let server: RunningServer;
let url: string;

beforeAll(async () => {
  server = await startServer();
  url = server.url;
});
afterAll(() => server?.stop());

async function open(a: TestUser, b: TestUser): Promise<number> {
  const { body } = await api<{ conversation: { id: number } }>(url, "/api/conversations", { cookie: a.cookie, body: { userId: b.id } });
  return body.conversation.id;
}

async function post(user: TestUser, conversationId: number, body: string): Promise<ChatMessage> {
  const r = await api<{ message: ChatMessage }>(url, `/api/conversations/${conversationId}/messages`, {
    cookie: user.cookie,
    body: { body, clientId: randomUUID().replaceAll("-", "") },
  });
  expect(r.status).toBe(201);
  return r.body.message;
}

async function ok(response: Promise<{ status: number; body: unknown }>, status = 200): Promise<void> {
  const r = await response;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
}

async function createGroup(admin: TestUser, title: string, members: readonly TestUser[]): Promise<number> {
  const { status, body } = await api<{ conversation: { id: number } }>(url, "/api/groups", {
    cookie: admin.cookie,
    body: { title, userIds: members.map((m) => m.id) },
  });
  expect(status).toBe(201);
  return body.conversation.id;
}

interface Caught {
  messages: ChatMessage[];
  conversations: SyncConversation[];
  cursor: string;
  pages: number;
}

/** Follows the cursor from `after` to the end, as a client does. */
async function catchUp(user: TestUser, after: string, limit?: number): Promise<Caught> {
  const out: Caught = { messages: [], conversations: [], cursor: after, pages: 0 };
  for (;;) {
    const query = `after=${encodeURIComponent(out.cursor)}${limit ? `&limit=${limit}` : ""}`;
    const page = await api<SyncPage>(url, `/api/sync?${query}`, { cookie: user.cookie });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(typeof page.body.cursor).toBe("string");
    out.messages.push(...page.body.messages);
    out.conversations.push(...page.body.conversations);
    out.cursor = page.body.cursor;
    out.pages++;
    if (!page.body.hasMore) return out;
  }
}

/** Where a client that is up to date now stands. */
const now = async (user: TestUser) => (await catchUp(user, "0")).cursor;

describe("catch-up after a reconnect", () => {
  it("returns everything missed in all my conversations, once each, paged, and nothing from others'", async () => {
    const [me, ann, ben, outsider] = await Promise.all([signUp(url), signUp(url), signUp(url), signUp(url)]);
    const withAnn = await open(me, ann);
    const withBen = await open(ben, me);
    const notMine = await open(ann, outsider);
    await post(me, withAnn, "seen before going offline");
    const away = await now(me);

    const missed: ChatMessage[] = [];
    for (let i = 0; i < 7; i++) {
      missed.push(await post(i % 2 ? ben : ann, i % 2 ? withBen : withAnn, `missed ${i}`));
      await post(outsider, notMine, `not for me ${i}`);
    }

    const all = await catchUp(me, away);
    expect(all.messages).toEqual(missed);
    expect(all.conversations).toEqual([]);
    expect(all.pages).toBe(1);

    // Paged: no gaps, no repeats.
    const paged = await catchUp(me, away, 3);
    expect(paged.messages).toEqual(missed);
    expect(paged.pages).toBeGreaterThanOrEqual(3);

    const nothingNew = await api<SyncPage>(url, `/api/sync?after=${encodeURIComponent(all.cursor)}`, { cookie: me.cookie });
    // Nothing new; the cursor may still move on (on PostgreSQL, past other databases' transactions
    // in the same cluster), never back.
    expect(nothingNew.body).toMatchObject({ messages: [], conversations: [], hasMore: false });
    const place = (cursor: string) => cursor.slice(1).split("-").map(Number);
    const [was, is] = [place(all.cursor), place(nothingNew.body.cursor)];
    expect(is[0]! > was[0]! || (is[0] === was[0] && is[1]! >= was[1]!)).toBe(true);
  });

  it("brings a deletion made while I was away: the message once, deleted, with no body", async () => {
    const [me, ann] = await Promise.all([signUp(url), signUp(url)]);
    const chat = await open(me, ann);
    const old = await post(ann, chat, "sent while I was here");
    const away = await now(me);
    const fresh = await post(ann, chat, "sent and deleted while I was away");
    const kept = await post(ann, chat, "kept");
    for (const m of [old, fresh]) {
      await ok(api(url, `/api/conversations/${chat}/messages/${m.id}`, { cookie: ann.cookie, method: "DELETE" }));
    }

    const caught = await catchUp(me, away);
    expect(caught.messages).toEqual([
      { ...old, body: "", deleted: true },
      { ...fresh, body: "", deleted: true },
      kept,
    ]);
    expect(JSON.stringify(caught.messages)).not.toContain("while I was");
  });

  it("brings a rename and the people added while I was away, with the group as my list shows it", async () => {
    const [admin, me, newcomer] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const group = await createGroup(admin, "Before", [me]);
    const away = await now(me);
    await ok(api(url, `/api/conversations/${group}`, { cookie: admin.cookie, method: "PATCH", body: { title: "After" } }));
    await ok(api(url, `/api/conversations/${group}/members`, { cookie: admin.cookie, body: { userIds: [newcomer.id] } }));

    const caught = await catchUp(me, away);
    expect(caught.conversations).toHaveLength(1);
    expect(caught.conversations[0]).toMatchObject({
      id: group,
      removed: false,
      kind: "group",
      title: "After",
      memberCount: 3,
      members: expect.arrayContaining([expect.objectContaining({ id: newcomer.id })]) as unknown,
    });
    expect(caught.messages.map((m) => [m.kind, m.body])).toEqual([
      ["notice", `${admin.username} renamed the group to “After”`],
      ["notice", `${admin.username} added ${newcomer.username}`],
    ]);

    // The newcomer: the group is new to them, and they read it from the notice that added them.
    const forNewcomer = await catchUp(newcomer, "0");
    expect(forNewcomer.conversations.map((c) => c.id)).toEqual([group]);
    expect(forNewcomer.messages.map((m) => m.body)).toEqual([`${admin.username} added ${newcomer.username}`]);
  });

  it("tells someone removed while away that the group is gone for them, and nothing written after", async () => {
    const [admin, me, other] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const group = await createGroup(admin, "Team", [me, other]);
    const chat = await open(me, other);
    const away = await now(me);
    const before = await post(other, group, "before the removal");
    await ok(api(url, `/api/conversations/${group}/members/${me.id}`, { cookie: admin.cookie, method: "DELETE" }));
    await post(other, group, "after the removal");
    const elsewhere = await post(other, chat, "still talking privately");

    const caught = await catchUp(me, away);
    expect(caught.conversations).toEqual([{ id: group, removed: true }]);
    // What was written before they were removed is no longer theirs to read either.
    expect(caught.messages).toEqual([elsewhere]);
    expect(caught.messages.some((m) => m.id === before.id)).toBe(false);

    // Leaving works the same way.
    const left = await createGroup(admin, "Short", [me]);
    const beforeLeaving = await now(me);
    await ok(api(url, `/api/conversations/${left}/members/${me.id}`, { cookie: me.cookie, method: "DELETE" }));
    expect((await catchUp(me, beforeLeaving)).conversations).toEqual([{ id: left, removed: true }]);
  });

  it("brings my own mute to my other devices, and not to anyone else", async () => {
    const [me, ann] = await Promise.all([signUp(url), signUp(url)]);
    const chat = await open(me, ann);
    const [mine, theirs] = await Promise.all([now(me), now(ann)]);
    await ok(api(url, `/api/conversations/${chat}/mute`, { cookie: me.cookie, method: "PUT", body: { muted: true } }));
    expect((await catchUp(me, mine)).conversations).toEqual([expect.objectContaining({ id: chat, muted: true, removed: false })]);
    expect((await catchUp(ann, theirs)).conversations).toEqual([]);
  });

  it("still serves a client from before the change log, which counts in message ids", async () => {
    const [me, ann] = await Promise.all([signUp(url), signUp(url)]);
    const chat = await open(me, ann);
    const held = await post(ann, chat, "the newest an old tab holds");
    const missed = [await post(ann, chat, "one"), await post(ann, chat, "two"), await post(me, chat, "three")];
    await ok(api(url, `/api/conversations/${chat}/messages/${missed[0]!.id}`, { cookie: ann.cookie, method: "DELETE" }));

    // Its cursor stays a message id, moving with the messages it gets; nothing is skipped.
    const seen: ChatMessage[] = [];
    let cursor = held.id;
    for (let pages = 0; ; pages++) {
      const page = await api<LegacySyncPage>(url, `/api/sync?after=${cursor}&limit=2`, { cookie: me.cookie });
      expect(page.status).toBe(200);
      expect(typeof page.body.cursor).toBe("number");
      seen.push(...page.body.messages);
      expect(page.body.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = page.body.cursor;
      if (!page.body.hasMore) break;
      expect(pages).toBeLessThan(5);
    }
    expect(cursor).toBe(missed[2]!.id);
    // Each message in its latest state (the deletion, once more after its creation at most).
    const latest = new Map(seen.map((m) => [m.id, m]));
    expect([...latest.values()].sort((a, b) => a.id - b.id)).toEqual([{ ...missed[0]!, body: "", deleted: true }, missed[1], missed[2]]);
    // And a message sent later comes next.
    const later = await post(ann, chat, "later");
    const next = await api<LegacySyncPage>(url, `/api/sync?after=${cursor}`, { cookie: me.cookie });
    expect(next.body.messages.map((m) => m.id)).toContain(later.id);
    expect(next.body.cursor).toBe(later.id);
  });

  it("answers 401 without a session and 400 for bad cursors", async () => {
    expect((await api(url, "/api/sync?after=0")).status).toBe(401);
    const me = await signUp(url);
    const bad = ["", "after=-1", "after=x", "after=c1", "after=c-1-2", "after=c1-2-3", "after=c99999999999999999-1", "after=0&limit=501", "after=0&extra=1"];
    for (const query of bad) {
      const r = await api<{ error: string; code: string }>(url, `/api/sync?${query}`, { cookie: me.cookie });
      expect(r.status, query).toBe(400);
      expect(r.body).toMatchObject({ error: expect.any(String) as string, code: "invalid" });
    }
  });
});
