import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationSummary, MessagePage, PublicUser } from "@/lib/chat/types";
import {
  api,
  collect,
  conversationSummary,
  newClientId,
  nextEvent,
  openConversation,
  presenceOf as presenceOfIn,
  send,
  signUp,
  trySend,
  type TestUser,
} from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();
let url: string;
beforeAll(() => {
  url = app.url;
});
const online = (user: TestUser) => app.online(user);

const clientId = newClientId;
const BLOCKED = "You cannot message this person";
const NOT_DELIVERED = "Message not delivered";

const summary = (user: TestUser, conversationId: number) => conversationSummary(url, user, conversationId);
const presenceOf = (viewer: TestUser, userId: number) => presenceOfIn(url, viewer, userId);

async function blockedBy(user: TestUser): Promise<number[]> {
  const { status, body } = await api<{ userIds: number[] }>(url, "/api/blocks", { cookie: user.cookie });
  expect(status).toBe(200);
  return body.userIds;
}

const mute = (user: TestUser, conversationId: number, body: unknown) =>
  api<{ muted?: boolean; error?: string }>(url, `/api/conversations/${conversationId}/mute`, { cookie: user.cookie, method: "PUT", body });

const createGroup = (admin: TestUser, userIds: number[]) =>
  api<{ conversation?: { id: number }; error?: string }>(url, "/api/groups", { cookie: admin.cookie, body: { title: "Friends", userIds } });

const addMembers = (admin: TestUser, conversationId: number, userIds: number[]) =>
  api<{ added?: PublicUser[]; error?: string }>(url, `/api/conversations/${conversationId}/members`, { cookie: admin.cookie, body: { userIds } });

describe("muting", () => {
  it("mutes a conversation for one member only, who still receives it, and unmutes it", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const created = await createGroup(ann, [ben.id, cat.id]);
    const groupId = created.body.conversation?.id ?? 0;
    const privateId = await openConversation(url, ann, ben);
    const [as, bs] = await Promise.all([online(ann), online(ben)]);

    const changed = nextEvent(as, "conversation:changed", (c) => c.conversationId === groupId);
    expect(await mute(ann, groupId, { muted: true })).toEqual({ status: 200, body: { muted: true } });
    expect(await changed).toEqual({ conversationId: groupId, removed: false, muted: true });
    expect(await mute(ann, privateId, { muted: true })).toEqual({ status: 200, body: { muted: true } });

    expect(await summary(ann, groupId)).toMatchObject({ muted: true });
    expect(await summary(ann, privateId)).toMatchObject({ muted: true });
    for (const other of [ben, cat]) expect(await summary(other, groupId)).toMatchObject({ muted: false });
    expect(await summary(ben, privateId)).toMatchObject({ muted: false });

    // Muted is quiet, not deaf: messages still arrive and count as unread.
    const id = clientId();
    const arrived = nextEvent(as, "message:new", (m) => m.clientId === id);
    await send(bs, groupId, "still delivered", id);
    expect((await arrived).body).toBe("still delivered");
    expect(await summary(ann, groupId)).toMatchObject({ muted: true, unreadCount: 1 });

    expect(await mute(ann, groupId, { muted: false })).toEqual({ status: 200, body: { muted: false } });
    expect(await summary(ann, groupId)).toMatchObject({ muted: false });
    expect(await summary(ann, privateId)).toMatchObject({ muted: true });

    // The lobby can be muted too (opening it on the way).
    const lobbyId = (await api<{ conversations: ConversationSummary[] }>(url, "/api/conversations", { cookie: cat.cookie })).body.conversations[0]?.id ?? 0;
    expect(await mute(cat, lobbyId, { muted: true })).toEqual({ status: 200, body: { muted: true } });
    expect(await summary(cat, lobbyId)).toMatchObject({ kind: "lobby", joined: true, muted: true });

    for (const body of [{ muted: "yes" }, {}, { muted: true, extra: 1 }, { muted: null }]) {
      const answer = await mute(ann, groupId, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toEqual(expect.any(String));
    }
    expect(await summary(ann, groupId)).toMatchObject({ muted: false });
    expect(await mute(cat, privateId, { muted: true })).toEqual({ status: 404, body: { error: "Conversation not found", code: "not_member" } });
  });
});

describe("blocking", () => {
  it("hides the blocker's presence, stops private messages both ways and adding to groups, and unblocking restores it all", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const privateId = await openConversation(url, ann, ben);
    const [bs, cs] = await Promise.all([online(ben), online(cat)]);
    const before = await send(bs, privateId, "before the block");
    const annsGroup = (await createGroup(ann, [cat.id])).body.conversation?.id ?? 0;
    const bensGroup = (await createGroup(ben, [cat.id])).body.conversation?.id ?? 0;

    // Ann blocks Ben: he is told she went offline.
    const wentOffline = nextEvent(bs, "presence:update", (u) => u.userId === ann.id);
    expect(await api(url, "/api/blocks", { cookie: ann.cookie, body: { userId: ben.id } })).toEqual({ status: 201, body: { blocked: ben.id } });
    expect(await wentOffline).toEqual({ userId: ann.id, username: ann.username, online: false, lastSeenAt: null });
    expect(await api(url, "/api/blocks", { cookie: ann.cookie, body: { userId: ben.id } })).toEqual({ status: 200, body: { blocked: ben.id } });
    expect(await blockedBy(ann)).toEqual([ben.id]);
    expect(await blockedBy(ben)).toEqual([]);

    // Ann comes online: Cat hears it, Ben does not, and the list shows her offline to him only.
    const benPresence = collect(bs, "presence:update");
    const catSawAnn = nextEvent(cs, "presence:update", (u) => u.userId === ann.id && u.online);
    const as = await online(ann);
    await catSawAnn;
    expect(await presenceOf(ben, ann.id)).toEqual({ id: ann.id, username: ann.username, displayName: null, avatarUrl: null, online: false, lastSeenAt: null, blocked: false });
    expect(await presenceOf(cat, ann.id)).toMatchObject({ online: true });
    expect(await presenceOf(ann, ben.id)).toMatchObject({ online: true, blocked: true });

    // No private conversation, new or existing, in either direction.
    for (const [from, to] of [
      [ben, ann],
      [ann, ben],
    ] as const) {
      const open = await api(url, "/api/conversations", { cookie: from.cookie, body: { userId: to.id } });
      expect(open).toEqual({ status: 403, body: { error: BLOCKED, code: "forbidden" } });
      const post = await api(url, `/api/conversations/${privateId}/messages`, { cookie: from.cookie, body: { body: "hello?", clientId: clientId() } });
      expect(post).toEqual({ status: 403, body: { error: NOT_DELIVERED, code: "forbidden" } });
    }
    expect(await trySend(bs, privateId, "hello?")).toEqual({ ok: false, error: NOT_DELIVERED, code: "forbidden" });
    expect(await trySend(as, privateId, "hello?")).toEqual({ ok: false, error: NOT_DELIVERED, code: "forbidden" });
    expect(await bs.emitWithAck("typing", { conversationId: privateId, typing: true })).toEqual({ ok: false, error: NOT_DELIVERED, code: "forbidden" });
    const kept = await api<MessagePage>(url, `/api/conversations/${privateId}/messages`, { cookie: ann.cookie });
    expect(kept.body.messages.map((m) => m.body)).toEqual(["before the block"]);

    // Neither can put the other in a group.
    expect((await createGroup(ann, [ben.id])).status).toBe(403);
    expect((await createGroup(ben, [ann.id, cat.id])).status).toBe(403);
    expect((await addMembers(ann, annsGroup, [ben.id])).status).toBe(403);
    expect((await addMembers(ben, bensGroup, [ann.id])).status).toBe(403);
    expect((await summary(cat, annsGroup))?.members.map((m) => m.id)).not.toContain(ben.id);
    expect(await summary(ann, bensGroup)).toBeUndefined();

    // Everything pushed to Ben before this private message from Cat has arrived by now.
    const fenceId = clientId();
    const fence = nextEvent(bs, "message:new", (m) => m.clientId === fenceId);
    await send(cs, await openConversation(url, cat, ben), "fence", fenceId);
    await fence;
    expect(benPresence.filter((u) => u.userId === ann.id)).toEqual([]);

    // Unblocking: Ben sees her real presence again, and everything works as before.
    const cameBack = nextEvent(bs, "presence:update", (u) => u.userId === ann.id);
    expect(await api(url, `/api/blocks/${ben.id}`, { cookie: ann.cookie, method: "DELETE" })).toEqual({ status: 200, body: { ok: true } });
    expect(await cameBack).toEqual({ userId: ann.id, username: ann.username, online: true, lastSeenAt: null });
    expect(await blockedBy(ann)).toEqual([]);
    expect(await presenceOf(ben, ann.id)).toMatchObject({ online: true, lastSeenAt: null });
    expect(await presenceOf(ann, ben.id)).toMatchObject({ blocked: false });
    expect(await openConversation(url, ben, ann)).toBe(privateId);
    const id = clientId();
    const atAnn = nextEvent(as, "message:new", (m) => m.clientId === id);
    const after = await send(bs, privateId, "after the unblock", id);
    expect(await atAnn).toEqual(after);
    expect((await send(as, privateId, "welcome back")).id).toBeGreaterThan(before.id);
    expect(await addMembers(ann, annsGroup, [ben.id])).toEqual({ status: 200, body: { added: [{ id: ben.id, username: ben.username }] } });
    expect(await api(url, `/api/blocks/${ben.id}`, { cookie: ann.cookie, method: "DELETE" })).toEqual({ status: 200, body: { ok: true } });
  });

  it("refuses blocking oneself, missing users and malformed bodies", async () => {
    const [ann, ben] = await Promise.all([signUp(url), signUp(url)]);
    const cases: [unknown, number][] = [
      [{ userId: ann.id }, 400],
      [{ userId: 987_654_321 }, 404],
      [{ userId: String(ben.id) }, 400],
      [{ userId: ben.id, reason: "spam" }, 400],
      [{}, 400],
    ];
    for (const [body, status] of cases) {
      const answer = await api<{ error: string }>(url, "/api/blocks", { cookie: ann.cookie, body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error).toEqual(expect.any(String));
    }
    for (const [target, status] of [
      [String(ann.id), 400],
      ["987654321", 404],
      ["abc", 404],
    ] as const) {
      const answer = await api<{ error: string }>(url, `/api/blocks/${target}`, { cookie: ann.cookie, method: "DELETE" });
      expect(answer.status, target).toBe(status);
      expect(answer.body.error).toEqual(expect.any(String));
    }
    expect(await blockedBy(ann)).toEqual([]);
    expect((await api(url, "/api/blocks")).status).toBe(401);
  });
});
