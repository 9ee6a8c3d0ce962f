import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "@/lib/chat/types";
import { api, collect, nextEvent, openConversation, send, signUp, type TestSocket, type TestUser } from "./harness";
import { serverForThisFile, twoInstancesWithRedis } from "./server-for-file";

// A small event budget, so a test can run a socket over it with a few dozen events.
const BURST = 20;
const app = serverForThisFile({ SOCKET_EVENT_BURST: String(BURST), SOCKET_EVENTS_PER_SEC: "5" });
const online = (user: TestUser) => app.online(user);

async function lobbyOf(user: TestUser, url = app.url): Promise<number> {
  const { body } = await api<{ conversations: ConversationSummary[] }>(url, "/api/conversations", { cookie: user.cookie });
  const lobbyId = body.conversations.find((c) => c.kind === "lobby")?.id ?? 0;
  // Joining is a POST (reading joins nothing).
  expect((await api(url, `/api/conversations/${lobbyId}/join`, { cookie: user.cookie, method: "POST" })).status).toBe(200);
  return lobbyId;
}

async function view(socket: TestSocket, conversationId: number | null): Promise<void> {
  expect(await socket.emitWithAck("conversation:open", { conversationId })).toEqual({ ok: true });
}

async function createGroup(admin: TestUser, members: readonly TestUser[]): Promise<number> {
  const { status, body } = await api<{ conversation: { id: number } }>(app.url, "/api/groups", {
    cookie: admin.cookie,
    body: { title: "typing", userIds: members.map((m) => m.id) },
  });
  expect(status).toBe(201);
  return body.conversation.id;
}

describe("typing is paced", () => {
  it("a burst of starts is one announcement, each acked ok, and the stop after it still goes through", async () => {
    const [ann, bob] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const conversationId = await openConversation(app.url, ann, bob);
    const [as, bs] = await Promise.all([online(ann), online(bob)]);
    const seen = collect(bs, "typing");
    const acks = await Promise.all(Array.from({ length: 8 }, () => as.emitWithAck("typing", { conversationId, typing: true })));
    expect(acks).toEqual(Array.from({ length: 8 }, () => ({ ok: true })));
    const stopped = nextEvent(bs, "typing", (u) => !u.typing);
    expect(await as.emitWithAck("typing", { conversationId, typing: false })).toEqual({ ok: true });
    await stopped;
    // A message after it: everything sent to bob before has arrived by then.
    const marker = nextEvent(bs, "message:new", (m) => m.body === "marker");
    await send(as, conversationId, "marker");
    await marker;
    expect(seen.map((u) => u.typing)).toEqual([true, false]);
  });
});

describe("the event budget per socket", () => {
  it("cuts off a socket that sends more than its budget, saying why, and leaves the person's other sockets alone", async () => {
    const [ann, bob] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const conversationId = await openConversation(app.url, ann, bob);
    const [flooder, sibling] = await Promise.all([online(ann), online(ann)]);
    const closing = nextEvent(flooder, "connection:closing");
    const reason = new Promise<string>((resolve) => flooder.once("disconnect", resolve));
    for (let i = 0; i < BURST * 3; i++) flooder.emit("typing", { conversationId, typing: true });
    expect(await closing).toEqual({ reason: expect.any(String), code: "rate_limited", retryAfterMs: 4000 });
    expect(await reason).toBe("io server disconnect");
    // Another tab of the same person has its own budget.
    const ack = await sibling.emitWithAck("message:send", { conversationId, body: "still here", clientId: "sibling-still-here" });
    expect(ack.ok).toBe(true);
  });

  it("lets an honest pace through: a burst below the budget is all handled", async () => {
    const [ann, bob] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const conversationId = await openConversation(app.url, ann, bob);
    const socket = await online(ann);
    const acks = await Promise.all(Array.from({ length: BURST - 2 }, () => socket.emitWithAck("typing", { conversationId, typing: true })));
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(socket.connected).toBe(true);
  });
});

describe("lobby typing goes only to sockets that have the lobby open", () => {
  it("reaches a tab showing the lobby, not another tab of the same person, nor one that moved away", async () => {
    const [ann, bob, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const lobbyId = await lobbyOf(ann);
    await Promise.all([lobbyOf(bob), lobbyOf(cat)]);
    const [as, showing, elsewhere, moved] = await Promise.all([online(ann), online(bob), online(bob), online(cat)]);
    await Promise.all([view(showing, lobbyId), view(elsewhere, null), view(moved, lobbyId)]);
    await view(moved, null);
    const elsewhereSaw = collect(elsewhere, "typing");
    const movedSaw = collect(moved, "typing");
    const seen = nextEvent(showing, "typing", (u) => u.userId === ann.id && u.typing);
    await as.emitWithAck("typing", { conversationId: lobbyId, typing: true });
    expect(await seen).toMatchObject({ conversationId: lobbyId, username: ann.username });
    // A lobby message reaches every member's sockets: after it, anything sent before has arrived.
    const markers = [elsewhere, moved].map((s) => nextEvent(s, "message:new", (m) => m.body === "lobby marker"));
    await send(as, lobbyId, "lobby marker");
    await Promise.all(markers);
    expect(elsewhereSaw.filter((u) => u.userId === ann.id)).toEqual([]);
    expect(movedSaw.filter((u) => u.userId === ann.id)).toEqual([]);
  });

  it("refuses to record a conversation the person is not in", async () => {
    const [ann, bob, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const theirs = await openConversation(app.url, bob, cat);
    const socket = await online(ann);
    expect(await socket.emitWithAck("conversation:open", { conversationId: theirs })).toMatchObject({ ok: false, code: "not_member" });
  });
});

describe("blocks hide typing and read receipts", () => {
  async function threeWithABlock() {
    const [ann, bob, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const lobbyId = await lobbyOf(ann);
    await Promise.all([lobbyOf(bob), lobbyOf(cat)]);
    // cat, who blocked nobody, puts both in a group; then ann blocks bob.
    const groupId = await createGroup(cat, [ann, bob]);
    expect((await api(app.url, "/api/blocks", { cookie: ann.cookie, body: { userId: bob.id } })).status).toBe(201);
    const [as, bs, cs] = await Promise.all([online(ann), online(bob), online(cat)]);
    return { ann, bob, lobbyId, groupId, as, bs, cs };
  }

  it("in a shared group, neither side of a block gets the other's typing or read receipts; others get both", async () => {
    const { ann, bob, groupId, as, bs, cs } = await threeWithABlock();
    const bobSaw = { typing: collect(bs, "typing"), receipts: collect(bs, "receipt:update") };
    const annSaw = { typing: collect(as, "typing"), receipts: collect(as, "receipt:update") };

    const catSeesAnn = nextEvent(cs, "typing", (u) => u.userId === ann.id && u.conversationId === groupId);
    const catSeesBob = nextEvent(cs, "typing", (u) => u.userId === bob.id && u.conversationId === groupId);
    await as.emitWithAck("typing", { conversationId: groupId, typing: true });
    await bs.emitWithAck("typing", { conversationId: groupId, typing: true });
    await Promise.all([catSeesAnn, catSeesBob]);

    const hello = await send(cs, groupId, "hello both");
    const catSeesAnnRead = nextEvent(cs, "receipt:update", (u) => u.userId === ann.id && u.lastReadId === hello.id);
    const catSeesBobRead = nextEvent(cs, "receipt:update", (u) => u.userId === bob.id && u.lastReadId === hello.id);
    await as.emitWithAck("receipt:read", { conversationId: groupId, messageId: hello.id });
    await bs.emitWithAck("receipt:read", { conversationId: groupId, messageId: hello.id });
    await Promise.all([catSeesAnnRead, catSeesBobRead]);

    // A group message after all that: what was sent to them before has arrived by then.
    const markers = [as, bs].map((s) => nextEvent(s, "message:new", (m) => m.body === "group marker"));
    await send(cs, groupId, "group marker");
    await Promise.all(markers);
    expect(bobSaw.typing.filter((u) => u.userId === ann.id)).toEqual([]);
    expect(bobSaw.receipts.filter((u) => u.userId === ann.id)).toEqual([]);
    expect(annSaw.typing.filter((u) => u.userId === bob.id)).toEqual([]);
    expect(annSaw.receipts.filter((u) => u.userId === bob.id)).toEqual([]);
  });

  it("in the lobby, neither side of a block gets the other's typing, while both have it open", async () => {
    const { ann, bob, lobbyId, as, bs, cs } = await threeWithABlock();
    await Promise.all([as, bs, cs].map((s) => view(s, lobbyId)));
    const bobSaw = collect(bs, "typing");
    const annSaw = collect(as, "typing");
    const catSeesAnn = nextEvent(cs, "typing", (u) => u.userId === ann.id && u.conversationId === lobbyId);
    const catSeesBob = nextEvent(cs, "typing", (u) => u.userId === bob.id && u.conversationId === lobbyId);
    await as.emitWithAck("typing", { conversationId: lobbyId, typing: true });
    await bs.emitWithAck("typing", { conversationId: lobbyId, typing: true });
    await Promise.all([catSeesAnn, catSeesBob]);
    const markers = [as, bs].map((s) => nextEvent(s, "message:new", (m) => m.body === "lobby marker"));
    await send(cs, lobbyId, "lobby marker");
    await Promise.all(markers);
    expect(bobSaw.filter((u) => u.userId === ann.id)).toEqual([]);
    expect(annSaw.filter((u) => u.userId === bob.id)).toEqual([]);
  });
});

describe("lobby typing across two instances sharing Redis", () => {
  const cluster = twoInstancesWithRedis();

  it("reaches a socket showing the lobby on the other instance, and not one showing something else", async () => {
    const { a, b } = cluster;
    const [ann, bob, cat] = await Promise.all([signUp(a.url), signUp(b.url), signUp(b.url)]);
    const lobbyId = await lobbyOf(ann, a.url);
    await Promise.all([lobbyOf(bob, b.url), lobbyOf(cat, b.url)]);
    const [as, showing, elsewhere] = await Promise.all([cluster.on(a, ann), cluster.on(b, bob), cluster.on(b, cat)]);
    await Promise.all([view(showing, lobbyId), view(elsewhere, null)]);
    const elsewhereSaw = collect(elsewhere, "typing");
    const seen = nextEvent(showing, "typing", (u) => u.userId === ann.id && u.typing);
    await as.emitWithAck("typing", { conversationId: lobbyId, typing: true });
    expect(await seen).toMatchObject({ conversationId: lobbyId });
    const marker = nextEvent(elsewhere, "message:new", (m) => m.body === "cluster marker");
    await send(as, lobbyId, "cluster marker");
    await marker;
    expect(elsewhereSaw.filter((u) => u.userId === ann.id)).toEqual([]);
  });
});
