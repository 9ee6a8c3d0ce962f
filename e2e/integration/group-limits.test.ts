import { describe, expect, it } from "vitest";
import type { ChatMessage, MessagePage } from "@/lib/chat/types";
import type { Ack } from "@/lib/realtime/events";
import { api, collect, nextEvent, send, signUp, type TestUser } from "./harness";
import { serverForThisFile } from "./server-for-file";

// Small on purpose: 2 a minute plus a burst of 3, so five changes go through at once and the sixth does not.
const app = serverForThisFile({ GROUP_CHANGE_BURST: "3", GROUP_CHANGES_PER_MIN: "2" });
const AT_ONCE = 5;

async function createGroup(admin: TestUser, members: readonly TestUser[]) {
  return api<{ conversation: { id: number } }>(app.url, "/api/groups", {
    cookie: admin.cookie,
    body: { title: "limits", userIds: members.map((m) => m.id) },
  });
}

function expectRateLimited(ack: Ack<object>) {
  expect(ack).toMatchObject({ ok: false, code: "rate_limited", retryAfterMs: expect.any(Number) });
  if (!ack.ok) expect(ack.retryAfterMs).toBeGreaterThan(0);
}

describe("group changes are rate limited per person", () => {
  it("refuses renames beyond the allowance over the socket and HTTP alike, storing and announcing nothing more", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const created = await createGroup(ann, [ben]);
    expect(created.status).toBe(201);
    const id = created.body.conversation.id;
    const [as, bs] = await Promise.all([app.online(ann), app.online(ben)]);
    const benChanges = collect(bs, "conversation:changed");

    const acks = [];
    for (let i = 1; i <= 10; i++) acks.push(await as.emitWithAck("group:rename", { conversationId: id, title: `name ${i}` }));
    // The create took one change: four renames went through.
    expect(acks.slice(0, AT_ONCE - 1).every((a) => a.ok)).toBe(true);
    for (const ack of acks.slice(AT_ONCE - 1)) expectRateLimited(ack);

    const http = await fetch(`${app.url}/api/conversations/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", cookie: ann.cookie },
      body: JSON.stringify({ title: "over http" }),
    });
    expect(http.status).toBe(429);
    expect(Number(http.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await http.json()).toMatchObject({ code: "rate_limited" });

    // A message after it all: every change pushed to ben before has arrived by then.
    const marker = nextEvent(bs, "message:new", (m) => m.body === "marker");
    await send(as, id, "marker");
    await marker;
    expect(benChanges.map((c) => c.group?.title)).toEqual(["name 1", "name 2", "name 3", "name 4"]);
    const { body } = await api<MessagePage>(app.url, `/api/conversations/${id}/messages?limit=100`, { cookie: ben.cookie });
    expect(body.messages.filter((m: ChatMessage) => m.kind === "notice")).toHaveLength(AT_ONCE);
  });

  it("shares one allowance between create, add, remove and delete, and leaves other people's alone", async () => {
    const [ann, ben, cat, dan] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url), signUp(app.url)]);
    const id = (await createGroup(ann, [ben])).body.conversation.id;
    const as = await app.online(ann);
    const mine = await send(as, id, "mine to delete");
    expect((await as.emitWithAck("group:add", { conversationId: id, userIds: [cat.id] })).ok).toBe(true);
    expect((await as.emitWithAck("group:remove", { conversationId: id, userId: cat.id })).ok).toBe(true);
    expect((await as.emitWithAck("message:delete", { conversationId: id, messageId: mine.id })).ok).toBe(true);
    expect((await as.emitWithAck("group:create", { title: "fifth", userIds: [ben.id] })).ok).toBe(true);

    expectRateLimited(await as.emitWithAck("group:create", { title: "sixth", userIds: [ben.id] }));
    expectRateLimited(await as.emitWithAck("group:add", { conversationId: id, userIds: [dan.id] }));
    expectRateLimited(await as.emitWithAck("group:remove", { conversationId: id, userId: ben.id }));
    expectRateLimited(await as.emitWithAck("message:delete", { conversationId: id, messageId: mine.id }));
    const httpCreate = await createGroup(ann, [dan]);
    expect(httpCreate.status).toBe(429);
    // Nothing of it happened: dan was not added, ben is still in.
    const members = await api<{ conversations: { id: number; members: { id: number }[] }[] }>(app.url, "/api/conversations", { cookie: ben.cookie });
    expect(members.body.conversations.find((c) => c.id === id)?.members.map((m) => m.id).sort()).toEqual([ann.id, ben.id].sort());
    // ben's allowance is his own.
    expect((await createGroup(ben, [cat])).status).toBe(201);
  });
});

describe("display name changes share the allowance", () => {
  it("refuses them past it with 429 and a code, keeping the last name that went through, and telling nobody of the rest", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const bs = await app.online(ben);
    const heard = collect(bs, "user:updated");
    const rename = (user: TestUser, displayName: string) =>
      api<{ code?: string }>(app.url, "/api/me/profile", { cookie: user.cookie, method: "PUT", body: { displayName } });
    const answers = [];
    for (let i = 1; i <= AT_ONCE + 2; i++) answers.push(await rename(ann, `Ann ${i}`));
    expect(answers.slice(0, AT_ONCE).map((a) => a.status)).toEqual(Array(AT_ONCE).fill(200));
    for (const refused of answers.slice(AT_ONCE)) expect(refused).toMatchObject({ status: 429, body: { code: "rate_limited" } });
    const profile = await api<{ displayName: string }>(app.url, "/api/me/profile", { cookie: ann.cookie });
    expect(profile.body.displayName).toBe(`Ann ${AT_ONCE}`);
    // Someone else's change (their own allowance) comes after everything ann's could have sent.
    const marker = nextEvent(bs, "user:updated", (u) => u.userId === cat.id);
    expect((await rename(cat, "Cat")).status).toBe(200);
    await marker;
    expect(heard.filter((u) => u.userId === ann.id).map((u) => u.displayName)).toEqual(Array.from({ length: AT_ONCE }, (_, i) => `Ann ${i + 1}`));
  });
});
