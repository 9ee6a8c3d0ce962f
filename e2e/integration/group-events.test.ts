import { describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/chat/types";
import { api, collect, conversationSummary, nextEvent, signUp, type TestUser } from "./harness";
import { serverForThisFile } from "./server-for-file";

const ctx = serverForThisFile();
let n = 0;
const clientId = () => `group-events-${Date.now()}-${++n}`;

const summaryOf = (user: TestUser, id: number) => conversationSummary(ctx.url, user, id);

describe("group changes over the socket (the same domain calls as the HTTP routes)", () => {
  it("creates, renames, adds, deletes, mutes, removes and leaves, with role checks on every event", async () => {
    // One after another: members are listed in joining order, then by id.
    const ann = await signUp(ctx.url);
    const ben = await signUp(ctx.url);
    const cat = await signUp(ctx.url);
    const dan = await signUp(ctx.url);
    const [annS, benS, catS, danS] = await Promise.all([ctx.online(ann), ctx.online(ben), ctx.online(cat), ctx.online(dan)]);

    const benHears = nextEvent(benS, "conversation:changed");
    const created = await annS.emitWithAck("group:create", { title: "  Book   club ", userIds: [ben.id, cat.id, ann.id, ben.id] });
    if (!created.ok) throw new Error(created.error);
    expect(created.conversation).toMatchObject({ kind: "group", title: "Book club" });
    const id = created.conversation.id;
    // The change carries the group's new state, so open tabs patch their list instead of refetching it.
    expect(await benHears).toMatchObject({ conversationId: id, removed: false, group: { title: "Book club", memberCount: 3 } });
    const benView = await summaryOf(ben, id);
    expect(benView).toMatchObject({ kind: "group", title: "Book club", myRole: "member", memberCount: 3, peer: null });
    expect(benView?.members.map((m) => [m.username, m.role])).toEqual([
      [ann.username, "admin"],
      [ben.username, "member"],
      [cat.username, "member"],
    ]);

    // A member is not an admin; a stranger learns nothing.
    expect(await benS.emitWithAck("group:rename", { conversationId: id, title: "Mine now" })).toEqual({
      ok: false,
      error: "Only a group admin can do that",
      code: "forbidden",
    });
    expect(await benS.emitWithAck("group:add", { conversationId: id, userIds: [dan.id] })).toMatchObject({ ok: false });
    expect(await benS.emitWithAck("group:remove", { conversationId: id, userId: cat.id })).toMatchObject({ ok: false });
    for (const attempt of [
      danS.emitWithAck("group:rename", { conversationId: id, title: "x" }),
      danS.emitWithAck("conversation:mute", { conversationId: id, muted: true }),
      danS.emitWithAck("message:delete", { conversationId: id, messageId: 1 }),
      danS.emitWithAck("message:send", { conversationId: id, body: "let me in", clientId: clientId() }),
    ]) {
      expect(await attempt).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
    }
    // Bad payloads are refused in words.
    expect(await annS.emitWithAck("group:rename", { conversationId: id, title: "   " })).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
    expect(await annS.emitWithAck("group:add", { conversationId: id, userIds: [] })).toMatchObject({ ok: false });
    expect(await annS.emitWithAck("group:create", { title: "x", userIds: [ann.id] })).toMatchObject({ ok: false });
    // @ts-expect-error a field the schema does not know
    expect(await annS.emitWithAck("conversation:mute", { conversationId: id, muted: true, extra: 1 })).toMatchObject({ ok: false });

    // Rename: a notice for everyone.
    const renamed = nextEvent(catS, "message:new", (m) => m.conversationId === id && m.kind === "notice");
    expect(await annS.emitWithAck("group:rename", { conversationId: id, title: "Reading circle" })).toMatchObject({ ok: true });
    expect((await renamed).body).toBe(`${ann.username} renamed the group to “Reading circle”`);

    // Ben writes; Ann (admin) deletes it; everyone is told, and the history keeps the row, wiped.
    const sent = await benS.emitWithAck("message:send", { conversationId: id, body: "spoiler: the butler", clientId: clientId() });
    if (!sent.ok) throw new Error(sent.error);
    expect(await catS.emitWithAck("message:delete", { conversationId: id, messageId: sent.message.id })).toEqual({
      ok: false,
      error: "Only a group admin can delete other people's messages",
      code: "forbidden",
    });
    const catSeesDeletion = nextEvent(catS, "message:deleted");
    expect(await annS.emitWithAck("message:delete", { conversationId: id, messageId: sent.message.id })).toMatchObject({
      ok: true,
      message: { id: sent.message.id, deleted: true, body: "" },
    });
    expect(await catSeesDeletion).toEqual({ conversationId: id, messageId: sent.message.id });
    const { body: history } = await api<{ messages: ChatMessage[] }>(ctx.url, `/api/conversations/${id}/messages`, { cookie: cat.cookie });
    expect(history.messages.find((m) => m.id === sent.message.id)).toMatchObject({ deleted: true, body: "" });

    // Mute is mine alone.
    expect(await catS.emitWithAck("conversation:mute", { conversationId: id, muted: true })).toEqual({ ok: true, muted: true });
    expect((await summaryOf(cat, id))?.muted).toBe(true);
    expect((await summaryOf(ann, id))?.muted).toBe(false);

    // Add Dan: he reads from his joining on.
    const added = await annS.emitWithAck("group:add", { conversationId: id, userIds: [dan.id, ben.id] });
    expect(added).toMatchObject({ ok: true, added: [{ id: dan.id, username: dan.username }] });
    const { body: dansHistory } = await api<{ messages: ChatMessage[] }>(ctx.url, `/api/conversations/${id}/messages`, { cookie: dan.cookie });
    expect(dansHistory.messages.map((m) => m.body)).toEqual([`${ann.username} added ${dan.username}`]);

    // Cat leaves over the socket; Ann, the only admin, leaves too and Ben (longest member) takes over.
    const catRemoved = nextEvent(catS, "conversation:changed", (c) => c.removed);
    expect(await catS.emitWithAck("group:remove", { conversationId: id, userId: cat.id })).toEqual({ ok: true });
    expect(await catRemoved).toEqual({ conversationId: id, removed: true });
    const handover = nextEvent(danS, "message:new", (m) => m.body === `${ben.username} is now an admin`);
    expect(await annS.emitWithAck("group:remove", { conversationId: id, userId: ann.id })).toEqual({ ok: true });
    await handover;
    expect((await summaryOf(ben, id))?.myRole).toBe("admin");
    const catAfter = collect(catS, "message:new");
    const danGets = nextEvent(danS, "message:new", (m) => m.body === "after they left");
    expect(await benS.emitWithAck("message:send", { conversationId: id, body: "after they left", clientId: clientId() })).toMatchObject({ ok: true });
    await danGets;
    expect(catAfter.filter((m) => m.conversationId === id)).toEqual([]);
  });

  it("blocks over the socket: no private conversation, no presence, and unblocking restores both", async () => {
    const [eve, fox] = await Promise.all([signUp(ctx.url), signUp(ctx.url)]);
    const [eveS, foxS] = await Promise.all([ctx.online(eve), ctx.online(fox)]);
    const { body: opened } = await api<{ conversation: { id: number } }>(ctx.url, "/api/conversations", { cookie: fox.cookie, body: { userId: eve.id } });
    const conversationId = opened.conversation.id;

    const foxSeesOffline = nextEvent(foxS, "presence:update", (u) => u.userId === eve.id && !u.online);
    expect(await eveS.emitWithAck("user:block", { userId: fox.id })).toEqual({ ok: true, blocked: fox.id });
    expect(await foxSeesOffline).toMatchObject({ online: false, lastSeenAt: null });
    expect(await eveS.emitWithAck("user:block", { userId: eve.id })).toEqual({ ok: false, error: "You cannot block yourself", code: "invalid" });

    expect(await foxS.emitWithAck("message:send", { conversationId, body: "hello?", clientId: clientId() })).toEqual({
      ok: false,
      error: "Message not delivered",
      code: "forbidden",
    });
    expect(await eveS.emitWithAck("message:send", { conversationId, body: "bye", clientId: clientId() })).toMatchObject({ ok: false });
    expect(await foxS.emitWithAck("typing", { conversationId, typing: true })).toMatchObject({ ok: false });
    expect((await api(ctx.url, "/api/conversations", { cookie: fox.cookie, body: { userId: eve.id } })).status).toBe(403);
    const { body: people } = await api<{ users: { id: number; online: boolean; lastSeenAt: string | null }[] }>(ctx.url, "/api/users", { cookie: fox.cookie });
    expect(people.users.find((u) => u.id === eve.id)).toMatchObject({ online: false, lastSeenAt: null });
    const { body: evesList } = await api<{ userIds: number[] }>(ctx.url, "/api/blocks", { cookie: eve.cookie });
    expect(evesList.userIds).toEqual([fox.id]);

    const foxSeesOnline = nextEvent(foxS, "presence:update", (u) => u.userId === eve.id && u.online);
    expect(await eveS.emitWithAck("user:unblock", { userId: fox.id })).toEqual({ ok: true });
    await foxSeesOnline;
    expect(await foxS.emitWithAck("message:send", { conversationId, body: "friends again", clientId: clientId() })).toMatchObject({ ok: true });
  });
});
