import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, SyncPage } from "@/lib/chat/types";
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

describe("catch-up after a reconnect", () => {
  it("returns everything missed in all my conversations, in id order, paged, and nothing from others'", async () => {
    const [me, ann, ben, outsider] = await Promise.all([signUp(url), signUp(url), signUp(url), signUp(url)]);
    const withAnn = await open(me, ann);
    const withBen = await open(ben, me);
    const notMine = await open(ann, outsider);
    const before = await post(me, withAnn, "seen before going offline");

    const missed: ChatMessage[] = [];
    for (let i = 0; i < 7; i++) {
      missed.push(await post(i % 2 ? ben : ann, i % 2 ? withBen : withAnn, `missed ${i}`));
      await post(outsider, notMine, `not for me ${i}`);
    }

    const all = await api<SyncPage>(url, `/api/sync?after=${before.id}`, { cookie: me.cookie });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ messages: missed, cursor: missed.at(-1)?.id, hasMore: false });

    // Paged: follow the cursor until hasMore is false; no gaps, no repeats.
    const paged: ChatMessage[] = [];
    let cursor = before.id;
    for (;;) {
      const page = await api<SyncPage>(url, `/api/sync?after=${cursor}&limit=3`, { cookie: me.cookie });
      paged.push(...page.body.messages);
      cursor = page.body.cursor;
      if (!page.body.hasMore) break;
    }
    expect(paged).toEqual(missed);

    const nothingNew = await api<SyncPage>(url, `/api/sync?after=${cursor}`, { cookie: me.cookie });
    expect(nothingNew.body).toEqual({ messages: [], cursor, hasMore: false });
  });

  it("answers 401 without a session and 400 for bad cursors", async () => {
    expect((await api(url, "/api/sync?after=0")).status).toBe(401);
    const me = await signUp(url);
    for (const query of ["", "after=-1", "after=x", "after=0&limit=501", "after=0&extra=1"]) {
      const r = await api<{ error: string }>(url, `/api/sync?${query}`, { cookie: me.cookie });
      expect(r.status, query).toBe(400);
      expect(r.body.error).toBeTruthy();
    }
  });
});
