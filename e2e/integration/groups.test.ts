import { beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, ConversationSummary, MessagePage, PublicUser, SyncPage } from "@/lib/chat/types";
import type { Ack, ServerToClientEvents } from "@/lib/realtime/events";
import {
  api,
  collect,
  joinConversation,
  newClientId,
  nextEvent,
  openConversation,
  send,
  signUp,
  trySend,
  type RunningServer,
  type TestSocket,
  type TestUser,
} from "./harness";
import { serverForThisFile, twoInstancesWithRedis } from "./server-for-file";

const app = serverForThisFile();
let url: string;
beforeAll(() => {
  url = app.url;
});
const online = (user: TestUser) => app.online(user);

const clientId = newClientId;
const quoted = (title: string) => `“${title}”`;
const bodies = (messages: readonly ChatMessage[]) => messages.map((m) => m.body);

/** Sends from `from` and resolves once `to` has it: everything pushed to `to` before has arrived by then. */
async function fence(from: TestSocket, to: TestSocket, conversationId: number): Promise<ChatMessage> {
  const id = clientId();
  const seen = nextEvent(to, "message:new", (m) => m.clientId === id);
  await send(from, conversationId, "fence", id);
  return seen;
}

async function createGroup(admin: TestUser, title: string, members: readonly TestUser[], base = url): Promise<number> {
  const { status, body } = await api<{ conversation: { id: number } }>(base, "/api/groups", {
    cookie: admin.cookie,
    body: { title, userIds: members.map((m) => m.id) },
  });
  if (status !== 201) throw new Error(`create group: ${status} ${JSON.stringify(body)}`);
  return body.conversation.id;
}

/** The whole visible history (up to 100 messages), oldest first; fails the test unless it answers 200. */
async function history(user: TestUser, conversationId: number, base = url): Promise<ChatMessage[]> {
  const { status, body } = await api<MessagePage>(base, `/api/conversations/${conversationId}/messages?limit=100`, { cookie: user.cookie });
  expect(status, `history of ${conversationId} for ${user.username}`).toBe(200);
  return body.messages;
}

async function summaries(user: TestUser, base = url): Promise<ConversationSummary[]> {
  const { status, body } = await api<{ conversations: ConversationSummary[] }>(base, "/api/conversations", { cookie: user.cookie });
  expect(status).toBe(200);
  return body.conversations;
}

async function summary(user: TestUser, conversationId: number, base = url): Promise<ConversationSummary | undefined> {
  return (await summaries(user, base)).find((c) => c.id === conversationId);
}

const removeMember = (by: TestUser, conversationId: number, userId: number, base = url) =>
  api<{ ok?: true; error?: string }>(base, `/api/conversations/${conversationId}/members/${userId}`, { cookie: by.cookie, method: "DELETE" });

const deleteMessage = (by: TestUser, conversationId: number, messageId: number) =>
  api<{ message?: ChatMessage; error?: string }>(url, `/api/conversations/${conversationId}/messages/${messageId}`, {
    cookie: by.cookie,
    method: "DELETE",
  });

const sorted = (ids: readonly number[]) => [...ids].sort((x, y) => x - y);
const byId = <T extends { id: number }>(list: readonly T[]) => [...list].sort((x, y) => x.id - y.id);

/** Every event a socket gets that could carry news of a conversation. */
function watch(socket: TestSocket) {
  const kinds = [
    "message:new",
    "typing",
    "receipt:update",
    "message:deleted",
    "conversation:changed",
  ] as const satisfies readonly (keyof ServerToClientEvents)[];
  const seen = Object.fromEntries(kinds.map((k) => [k, collect(socket, k)])) as {
    [K in (typeof kinds)[number]]: Parameters<ServerToClientEvents[K]>[0][];
  };
  return {
    seen,
    /** Everything received about this conversation, as [event, payload] pairs. */
    about(conversationId: number): [string, unknown][] {
      return kinds.flatMap((k) =>
        (seen[k] as { conversationId: number }[]).filter((p) => p.conversationId === conversationId).map((p): [string, unknown] => [k, p]),
      );
    },
  };
}

describe("creating a group", () => {
  it("creates a group of three who all hear each other live, opening with a notice and listing roles", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const sockets = await Promise.all([online(ann), online(ben), online(cat)]);
    const title = `Plans ${clientId().slice(0, 6)}`;
    const changed = sockets.map((s) => nextEvent(s, "conversation:changed"));
    const noticed = sockets.map((s) => nextEvent(s, "message:new", (m) => m.kind === "notice" && m.body.includes(title)));

    const created = await api<{ conversation: { id: number; kind: string; title: string } }>(url, "/api/groups", {
      cookie: ann.cookie,
      body: { title: `  ${title}  `, userIds: [ben.id, cat.id, ben.id] },
    });
    expect(created.status).toBe(201);
    const id = created.body.conversation.id;
    expect(created.body.conversation).toEqual({ id, kind: "group", title });

    for (const change of await Promise.all(changed)) {
      expect(change).toMatchObject({ conversationId: id, removed: false, group: { title, memberCount: 3 } });
    }
    const notice = `${ann.username} created the group ${quoted(title)} with ${ben.username} and ${cat.username}`;
    for (const m of await Promise.all(noticed)) {
      expect(m).toMatchObject({ conversationId: id, kind: "notice", senderId: ann.id, body: notice, deleted: false });
    }

    // Each one's message reaches all three sockets (the sender's too), in the same form.
    const sent: ChatMessage[] = [];
    for (const [i, from] of sockets.entries()) {
      const id2 = clientId();
      const arrivals = sockets.map((s) => nextEvent(s, "message:new", (m) => m.clientId === id2));
      const message = await send(from, id, `hello from ${i}`, id2);
      for (const arrived of await Promise.all(arrivals)) expect(arrived).toEqual(message);
      sent.push(message);
    }

    for (const user of [ann, ben, cat]) {
      const messages = await history(user, id);
      expect(bodies(messages)).toEqual([notice, "hello from 0", "hello from 1", "hello from 2"]);
      expect(messages[0]?.kind).toBe("notice");
    }

    const roles = byId([
      { id: ann.id, username: ann.username, role: "admin" },
      { id: ben.id, username: ben.username, role: "member" },
      { id: cat.id, username: cat.username, role: "member" },
    ]);
    for (const [user, myRole] of [
      [ann, "admin"],
      [ben, "member"],
      [cat, "member"],
    ] as const) {
      const s = await summary(user, id);
      expect(s).toMatchObject({ kind: "group", title, peer: null, memberCount: 3, joined: true, myRole, muted: false });
      expect(byId(s?.members ?? [])).toEqual(roles);
      expect(s?.lastMessage).toEqual(sent[2]);
      expect(sorted(s?.receipts.map((r) => r.userId) ?? [])).toEqual(sorted([ann.id, ben.id, cat.id]));
    }
  });

  it("relays typing and read receipts to the other members and stores a repeated clientId once", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const id = await createGroup(ann, "Typing", [ben, cat]);
    const [as, bs, cs] = await Promise.all([online(ann), online(ben), online(cat)]);

    const typingAtOthers = [bs, cs].map((s) => nextEvent(s, "typing", (t) => t.conversationId === id && t.typing));
    expect(await as.emitWithAck("typing", { conversationId: id, typing: true })).toEqual({ ok: true });
    for (const t of await Promise.all(typingAtOthers)) expect(t).toEqual({ conversationId: id, userId: ann.id, username: ann.username, typing: true });

    const catSaw = collect(cs, "message:new");
    const repeated = clientId();
    const first = await send(as, id, "only once", repeated);
    const again = await send(as, id, "only once", repeated);
    expect(again).toEqual(first);

    const readAtOthers = [as, cs].map((s) => nextEvent(s, "receipt:update", (r) => r.conversationId === id && r.userId === ben.id));
    const readAtOwn = nextEvent(bs, "receipt:update", (r) => r.conversationId === id && r.userId === ben.id);
    expect(await bs.emitWithAck("receipt:read", { conversationId: id, messageId: first.id })).toEqual({
      ok: true,
      receipt: { userId: ben.id, lastDeliveredId: first.id, lastReadId: first.id },
    });
    for (const r of await Promise.all(readAtOthers)) {
      expect(r).toEqual({ conversationId: id, userId: ben.id, lastDeliveredId: first.id, lastReadId: first.id });
    }
    expect(await readAtOwn).toMatchObject({ lastReadId: first.id, unreadCount: 0 });

    await fence(as, cs, id);
    expect(catSaw.filter((m) => m.clientId === repeated)).toHaveLength(1);
    expect((await history(cat, id)).filter((m) => m.clientId === repeated)).toHaveLength(1);
  });
});

describe("who may do what", () => {
  let ann: TestUser;
  let ben: TestUser;
  let cat: TestUser;
  let dan: TestUser;
  let id: number;
  let annMessage: ChatMessage;

  beforeAll(async () => {
    [ann, ben, cat, dan] = await Promise.all([signUp(url), signUp(url), signUp(url), signUp(url)]);
    id = await createGroup(ann, "Rules", [ben, cat]);
    annMessage = await send(await online(ann), id, "from the admin");
    await send(await online(cat), id, "from cat");
  });

  it("refuses a non-admin renaming, adding, removing or deleting others' messages with 403, changing nothing", async () => {
    const before = { history: await history(ann, id), summary: await summary(ann, id) };
    const attempts = [
      api<{ error: string }>(url, `/api/conversations/${id}`, { cookie: ben.cookie, method: "PATCH", body: { title: "Mine now" } }),
      api<{ error: string }>(url, `/api/conversations/${id}/members`, { cookie: ben.cookie, body: { userIds: [dan.id] } }),
      removeMember(ben, id, cat.id),
      removeMember(ben, id, ann.id),
      deleteMessage(ben, id, annMessage.id),
    ];
    for (const [i, { status, body }] of (await Promise.all(attempts)).entries()) {
      expect(status, `attempt ${i}`).toBe(403);
      expect(body.error, `attempt ${i}`).toEqual(expect.any(String));
    }
    expect(await history(ann, id)).toEqual(before.history);
    expect(await summary(ann, id)).toEqual(before.summary);
    expect(await summary(dan, id)).toBeUndefined();
  });

  it("answers a non-member 404 on every group route, exactly as for a conversation that does not exist", async () => {
    const ds = await online(dan);
    const missing = 987_654_321;
    for (const conversationId of [id, missing]) {
      const routes = [
        api(url, `/api/conversations/${conversationId}/messages`, { cookie: dan.cookie }),
        api(url, `/api/conversations/${conversationId}/messages`, { cookie: dan.cookie, body: { body: "hi", clientId: clientId() } }),
        api(url, `/api/conversations/${conversationId}`, { cookie: dan.cookie, method: "PATCH", body: { title: "Taken" } }),
        api(url, `/api/conversations/${conversationId}/members`, { cookie: dan.cookie, body: { userIds: [dan.id] } }),
        removeMember(dan, conversationId, ben.id),
        removeMember(dan, conversationId, dan.id),
        api(url, `/api/conversations/${conversationId}/mute`, { cookie: dan.cookie, method: "PUT", body: { muted: true } }),
        deleteMessage(dan, conversationId, annMessage.id),
      ];
      for (const [i, answer] of (await Promise.all(routes)).entries()) {
        expect(answer, `route ${i} on ${conversationId === id ? "the group" : "nothing"}`).toEqual({
          status: 404,
          body: { error: "Conversation not found", code: "not_member" },
        });
      }
      expect(await trySend(ds, conversationId, "hi")).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
      expect(await ds.emitWithAck("typing", { conversationId, typing: true })).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
      expect(await ds.emitWithAck("receipt:read", { conversationId, messageId: annMessage.id })).toEqual({
        ok: false,
        error: "Conversation not found",
        code: "not_member",
      });
    }
    expect(bodies(await history(ann, id))).not.toContain("hi");
    expect(await summary(dan, id)).toBeUndefined();
  });

  it("answers bad input with 400 or 404 and {error}, creating and changing nothing", async () => {
    const groupsBefore = (await summaries(ann)).length;
    const historyBefore = await history(ann, id);
    const summaryBefore = await summary(ann, id);

    const groupCases: [unknown, number][] = [
      [{ title: "", userIds: [ben.id] }, 400],
      [{ title: " \n\t ", userIds: [ben.id] }, 400],
      [{ title: "x".repeat(81), userIds: [ben.id] }, 400],
      [{ title: "Fine", userIds: [] }, 400],
      [{ title: "Fine", userIds: [String(ben.id)] }, 400],
      [{ title: "Fine", userIds: [1.5] }, 400],
      [{ title: "Fine", userIds: ben.id }, 400],
      [{ title: "Fine" }, 400],
      [{ userIds: [ben.id] }, 400],
      [{ title: 42, userIds: [ben.id] }, 400],
      [{ title: "Fine", userIds: [ben.id], admin: true }, 400],
      [{ title: "Only me", userIds: [ann.id] }, 400],
      [{ title: "Fine", userIds: [987_654_321] }, 404],
      [{ title: "Fine", userIds: [ben.id, 987_654_321] }, 404],
    ];
    for (const [body, status] of groupCases) {
      const answer = await api<{ error: string }>(url, "/api/groups", { cookie: ann.cookie, body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error, JSON.stringify(body)).toEqual(expect.any(String));
    }
    const notJson = await api<{ error: string }>(url, "/api/groups", { cookie: ann.cookie, rawBody: "{nope" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/json/i);

    const renameCases: unknown[] = [{ title: "" }, { title: "   " }, { title: "y".repeat(81) }, { title: "Fine", extra: 1 }, {}, { title: null }];
    for (const body of renameCases) {
      const answer = await api<{ error: string }>(url, `/api/conversations/${id}`, { cookie: ann.cookie, method: "PATCH", body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toEqual(expect.any(String));
    }

    const addCases: [unknown, number][] = [
      [{ userIds: [] }, 400],
      [{ userIds: ["x"] }, 400],
      [{ userIds: [0] }, 400],
      [{}, 400],
      [{ userIds: [dan.id], role: "admin" }, 400],
      [{ userIds: [987_654_321] }, 404],
      [{ userIds: [dan.id, 987_654_321] }, 404],
    ];
    for (const [body, status] of addCases) {
      const answer = await api<{ error: string }>(url, `/api/conversations/${id}/members`, { cookie: ann.cookie, body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error).toEqual(expect.any(String));
    }

    for (const target of ["abc", "0", "987654321", String(dan.id)]) {
      const answer = await api<{ error: string }>(url, `/api/conversations/${id}/members/${target}`, { cookie: ann.cookie, method: "DELETE" });
      expect(answer.status, target).toBe(404);
      expect(answer.body.error).toEqual(expect.any(String));
    }
    expect((await deleteMessage(ann, id, 987_654_321)).status).toBe(404);

    expect(await summaries(ann)).toHaveLength(groupsBefore);
    expect(await history(ann, id)).toEqual(historyBefore);
    expect(await summary(ann, id)).toEqual(summaryBefore);
    expect(await summary(dan, id)).toBeUndefined();

    // The longest title allowed is accepted, with the notice that says so.
    const longest = "z".repeat(80);
    const renamed = await api(url, `/api/conversations/${id}`, { cookie: ann.cookie, method: "PATCH", body: { title: longest } });
    expect(renamed).toEqual({ status: 200, body: { conversation: { id, kind: "group", title: longest } } });
    expect((await history(cat, id)).at(-1)).toMatchObject({ kind: "notice", body: `${ann.username} renamed the group to ${quoted(longest)}` });
    expect(await summary(ben, id)).toMatchObject({ title: longest });
  });
});

describe("adding and removing members", () => {
  it("shows a member added later only the history from their joining, starting with the notice that added them", async () => {
    const [ann, ben, cat, dan] = await Promise.all([signUp(url), signUp(url), signUp(url), signUp(url)]);
    const id = await createGroup(ann, "Late joiners", [ben]);
    const [as, bs, cs] = await Promise.all([online(ann), online(ben), online(cat)]);
    await send(as, id, "before one");
    await send(bs, id, "before two");

    const catChanged = nextEvent(cs, "conversation:changed", (c) => c.conversationId === id);
    const catNoticed = nextEvent(cs, "message:new", (m) => m.conversationId === id);
    const added = await api<{ added: PublicUser[] }>(url, `/api/conversations/${id}/members`, {
      cookie: ann.cookie,
      body: { userIds: [cat.id, dan.id, ben.id] },
    });
    expect(added.status).toBe(200);
    expect(byId(added.body.added)).toEqual(byId([cat, dan].map((u) => ({ id: u.id, username: u.username }))));
    expect(await catChanged).toMatchObject({ conversationId: id, removed: false, group: { memberCount: 4 } });
    const addedNotice = `${ann.username} added ${added.body.added.map((u) => u.username).join(" and ")}`;
    const notice = await catNoticed;
    expect(notice).toMatchObject({ kind: "notice", body: addedNotice, senderId: ann.id });

    for (const newcomer of [cat, dan]) {
      expect(await history(newcomer, id)).toEqual([notice]);
      const fromStart = await api<MessagePage>(url, `/api/conversations/${id}/messages?after=0`, { cookie: newcomer.cookie });
      expect(fromStart.body.messages).toEqual([notice]);
      const older = await api<MessagePage>(url, `/api/conversations/${id}/messages?before=${notice.id}`, { cookie: newcomer.cookie });
      expect(older.body).toEqual({ messages: [], nextCursor: null });
      const synced = await api<SyncPage>(url, "/api/sync?after=0", { cookie: newcomer.cookie });
      expect(synced.body.messages.filter((m) => m.conversationId === id)).toEqual([notice]);
      expect(await summary(newcomer, id)).toMatchObject({ memberCount: 4, myRole: "member", unreadCount: 0, lastMessage: notice });
    }
    expect(bodies(await history(ben, id)).slice(1)).toEqual(["before one", "before two", addedNotice]);
    // What they cannot see, they cannot delete either: it is not found, as for a stranger.
    const hidden = (await history(ben, id))[1];
    expect(hidden?.body).toBe("before one");
    expect((await deleteMessage(cat, id, hidden?.id ?? 0)).status).toBe(404);

    // From then on they hear everything live; adding someone already in answers with nobody.
    const after = clientId();
    const atCat = nextEvent(cs, "message:new", (m) => m.clientId === after);
    await send(bs, id, "welcome", after);
    expect((await atCat).body).toBe("welcome");
    const again = await api(url, `/api/conversations/${id}/members`, { cookie: ann.cookie, body: { userIds: [cat.id] } });
    expect(again).toEqual({ status: 200, body: { added: [] } });
    expect(bodies(await history(cat, id))).toEqual([addedNotice, "welcome"]);
  });

  it("cuts a removed member off: conversation:changed removed:true, then nothing more, 404 on history, sends refused, sync without it", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const id = await createGroup(ann, "Removal", [ben, cat]);
    const privateWithBen = await openConversation(url, ann, ben);
    const [as, bs, cs] = await Promise.all([online(ann), online(ben), online(cat)]);
    const earlyId = clientId();
    const benHeard = nextEvent(bs, "message:new", (m) => m.clientId === earlyId);
    const early = await send(as, id, "ben can still read this", earlyId);
    await benHeard;

    const benWatch = watch(bs);
    const removedAt = nextEvent(bs, "conversation:changed", (c) => c.conversationId === id);
    const catNoticed = nextEvent(cs, "message:new", (m) => m.conversationId === id && m.kind === "notice");
    expect(await removeMember(ann, id, ben.id)).toEqual({ status: 200, body: { ok: true } });
    expect(await removedAt).toEqual({ conversationId: id, removed: true });
    expect((await catNoticed).body).toBe(`${ann.username} removed ${ben.username}`);

    // Everything a conversation can push, each awaited where a remaining member sees it.
    const laterId = clientId();
    const catHeard = nextEvent(cs, "message:new", (m) => m.clientId === laterId);
    const later = await send(as, id, "ben must not see this", laterId);
    await catHeard;
    const typingSeen = nextEvent(as, "typing", (t) => t.conversationId === id && t.userId === cat.id);
    cs.emit("typing", { conversationId: id, typing: true });
    await typingSeen;
    const readSeen = nextEvent(as, "receipt:update", (r) => r.conversationId === id && r.userId === cat.id && r.lastReadId === later.id);
    cs.emit("receipt:read", { conversationId: id, messageId: later.id });
    await readSeen;
    const deletedSeen = nextEvent(cs, "message:deleted", (d) => d.conversationId === id);
    expect((await deleteMessage(ann, id, early.id)).status).toBe(200);
    await deletedSeen;
    const renamedSeen = nextEvent(cs, "conversation:changed", (c) => c.conversationId === id);
    expect((await api(url, `/api/conversations/${id}`, { cookie: ann.cookie, method: "PATCH", body: { title: "Without ben" } })).status).toBe(200);
    await renamedSeen;

    // Ben's own attempts are refused like a stranger's.
    expect(await trySend(bs, id, "let me back")).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
    expect(await bs.emitWithAck("typing", { conversationId: id, typing: true })).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
    expect(await bs.emitWithAck("receipt:read", { conversationId: id, messageId: later.id })).toMatchObject({ ok: false });
    const read = await api(url, `/api/conversations/${id}/messages`, { cookie: ben.cookie });
    expect(read).toEqual({ status: 404, body: { error: "Conversation not found", code: "not_member" } });
    const post = await api(url, `/api/conversations/${id}/messages`, { cookie: ben.cookie, body: { body: "http", clientId: clientId() } });
    expect(post.status).toBe(404);
    expect(await removeMember(ben, id, ben.id)).toMatchObject({ status: 404 });

    // The private conversation still reaches Ben: everything the group pushed before has arrived.
    await fence(as, bs, privateWithBen);
    expect(benWatch.about(id)).toEqual([["conversation:changed", { conversationId: id, removed: true }]]);

    const synced = await api<SyncPage>(url, "/api/sync?after=0", { cookie: ben.cookie });
    expect(synced.status).toBe(200);
    expect(synced.body.messages.filter((m) => m.conversationId === id)).toEqual([]);
    expect(synced.body.messages.some((m) => m.conversationId === privateWithBen)).toBe(true);
    expect(await summary(ben, id)).toBeUndefined();
    const remaining = await summary(cat, id);
    expect(remaining).toMatchObject({ memberCount: 2, title: "Without ben" });
    expect(remaining?.members.map((m) => m.id)).not.toContain(ben.id);
    expect(bodies(await history(cat, id))).not.toContain("let me back");
  });

  it("lets members leave, and hands the group to the longest-standing member when the last admin leaves", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const id = await createGroup(ann, "Leaving", [ben, cat]);
    const [as, bs] = await Promise.all([online(ann), online(ben)]);
    await send(as, id, "a first message");
    const dan = await signUp(url);
    expect((await api(url, `/api/conversations/${id}/members`, { cookie: ann.cookie, body: { userIds: [dan.id] } })).status).toBe(200);
    const ds = await online(dan);

    // A member leaves: their tabs hear removed:true, the rest hear the notice.
    const cs = await online(cat);
    const catRemoved = nextEvent(cs, "conversation:changed", (c) => c.conversationId === id);
    const catLeft = nextEvent(bs, "message:new", (m) => m.conversationId === id && m.kind === "notice");
    expect(await removeMember(cat, id, cat.id)).toEqual({ status: 200, body: { ok: true } });
    expect(await catRemoved).toEqual({ conversationId: id, removed: true });
    expect(await catLeft).toMatchObject({ body: `${cat.username} left`, senderId: cat.id });
    expect(await summary(cat, id)).toBeUndefined();

    // The admin leaves: Ben, there since the start, becomes admin; Dan, added later, does not.
    // Members are listed longest-standing first (Ann and Ben joined in the same instant).
    const order = (await summary(ben, id))?.members.map((m) => m.id) ?? [];
    expect(sorted(order.slice(0, 2))).toEqual(sorted([ann.id, ben.id]));
    expect(order[2]).toBe(dan.id);
    const noticesAtDan = collect(ds, "message:new");
    const roleChanged = nextEvent(bs, "conversation:changed", (c) => c.conversationId === id);
    const annRemoved = nextEvent(as, "conversation:changed", (c) => c.conversationId === id && c.removed);
    expect(await removeMember(ann, id, ann.id)).toEqual({ status: 200, body: { ok: true } });
    await annRemoved;
    // The handover is in the change itself: ben's role is admin now.
    const handover = await roleChanged;
    expect(handover).toMatchObject({ conversationId: id, removed: false });
    expect(handover.group?.members.find((m) => m.id === ben.id)?.role).toBe("admin");
    await fence(bs, ds, id);
    expect(noticesAtDan.map((m) => [m.kind, m.body])).toEqual([
      ["notice", `${ann.username} left`],
      ["notice", `${ben.username} is now an admin`],
      ["text", "fence"],
    ]);
    expect(await summary(ben, id)).toMatchObject({ myRole: "admin", memberCount: 2 });
    expect((await summary(dan, id))?.members).toEqual([
      { id: ben.id, username: ben.username, role: "admin" },
      { id: dan.id, username: dan.username, role: "member" },
    ]);
    expect((await api(url, `/api/conversations/${id}`, { cookie: ben.cookie, method: "PATCH", body: { title: "Ben's" } })).status).toBe(200);
    expect((await api(url, `/api/conversations/${id}`, { cookie: dan.cookie, method: "PATCH", body: { title: "Dan's" } })).status).toBe(403);
    expect((await api(url, `/api/conversations/${id}/messages`, { cookie: ann.cookie })).status).toBe(404);

    // Private conversations and the lobby cannot be left.
    const privateId = await openConversation(url, ben, dan);
    const privateLeave = await removeMember(ben, privateId, ben.id);
    expect(privateLeave.status).toBe(400);
    expect(privateLeave.body.error).toEqual(expect.any(String));
    expect((await removeMember(ben, privateId, dan.id)).status).toBe(400);
    const lobby = (await summaries(ben))[0];
    expect(lobby?.kind).toBe("lobby");
    await joinConversation(url, ben, lobby?.id ?? 0);
    const lobbyLeave = await removeMember(ben, lobby?.id ?? 0, ben.id);
    expect(lobbyLeave.status).toBe(400);
    expect(lobbyLeave.body.error).toEqual(expect.any(String));
    expect((await summaries(ben))[0]).toMatchObject({ id: lobby?.id, joined: true });
  });
});

describe("deleting messages", () => {
  it("deletes a message live for everyone and keeps it deleted after a reload; notices cannot be deleted", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(url), signUp(url), signUp(url)]);
    const id = await createGroup(ann, "Deleting", [ben, cat]);
    const sockets = await Promise.all([online(ann), online(ben), online(cat)]);
    const [as, bs, cs] = sockets;
    const fromBen = await send(bs, id, "ben regrets this");
    const fromCat = await send(cs, id, "cat's offensive remark");
    const fromAnn = await send(as, id, "ann's note");

    const deletedLive = async (by: TestUser, message: ChatMessage) => {
      const everywhere = sockets.map((s) => nextEvent(s, "message:deleted", (d) => d.messageId === message.id));
      const answer = await deleteMessage(by, id, message.id);
      expect(answer).toEqual({ status: 200, body: { message: { ...message, body: "", deleted: true } } });
      for (const d of await Promise.all(everywhere)) expect(d).toEqual({ conversationId: id, messageId: message.id });
    };
    await deletedLive(ben, fromBen); // their own
    expect((await deleteMessage(cat, id, fromAnn.id)).status).toBe(403); // someone else's
    expect((await deleteMessage(ben, id, fromCat.id)).status).toBe(403);
    await deletedLive(ann, fromCat); // an admin: anyone's

    const notice = (await history(ann, id))[0];
    expect(notice?.kind).toBe("notice");
    const noticeDelete = await deleteMessage(ann, id, notice?.id ?? 0);
    expect(noticeDelete.status).toBe(400);
    expect(noticeDelete.body.error).toEqual(expect.any(String));

    for (const user of [ann, ben, cat]) {
      const messages = await history(user, id);
      expect(messages.map((m) => [m.body, m.deleted])).toEqual([
        [notice?.body, false],
        ["", true],
        ["", true],
        ["ann's note", false],
      ]);
      expect(messages[1]).toMatchObject({ id: fromBen.id, senderId: ben.id, clientId: fromBen.clientId });
    }

    // Deleting the newest message shows in the list after a reload too; deleting twice is harmless.
    await deletedLive(ann, fromAnn);
    expect((await summary(cat, id))?.lastMessage).toMatchObject({ id: fromAnn.id, body: "", deleted: true });
    const repeat = collect(bs, "message:deleted");
    expect((await deleteMessage(ann, id, fromAnn.id)).status).toBe(200);
    await fence(as, bs, id);
    expect(repeat).toEqual([]);

    // In a private conversation, only one's own.
    const privateId = await openConversation(url, ben, cat);
    const mine = await send(bs, privateId, "private words");
    expect((await deleteMessage(cat, privateId, mine.id)).status).toBe(403);
    const atCat = nextEvent(cs, "message:deleted", (d) => d.conversationId === privateId);
    expect((await deleteMessage(ben, privateId, mine.id)).status).toBe(200);
    expect(await atCat).toEqual({ conversationId: privateId, messageId: mine.id });
    // A message id from another conversation is not found here.
    expect((await deleteMessage(ben, privateId, fromAnn.id)).status).toBe(404);
  });
});

describe("the lobby", () => {
  it("is listed first for everyone, is read without joining, is joined by a POST, and announces each person once", async () => {
    const [eve, fay] = await Promise.all([signUp(url), signUp(url)]);
    const privateId = await openConversation(url, eve, fay);
    await api(url, `/api/conversations/${privateId}/messages`, { cookie: fay.cookie, body: { body: "newer than the lobby", clientId: clientId() } });

    const [lobby, ...rest] = await summaries(eve);
    expect(lobby).toMatchObject({ kind: "lobby", title: "Lobby", joined: false, members: [], peer: null, unreadCount: 0 });
    expect(rest.map((c) => c.id)).toEqual([privateId]);
    const lobbyId = lobby?.id ?? 0;

    // Reading is open to everyone and changes nothing: a GET can come from a link on any site.
    const joined = `${eve.username} joined the lobby`;
    expect((await history(eve, lobbyId)).map((m) => m.body)).not.toContain(joined);
    expect((await summaries(eve))[0]).toMatchObject({ id: lobbyId, joined: false });

    expect(await joinConversation(url, eve, lobbyId)).toMatchObject({ id: lobbyId, kind: "lobby", joined: true, myRole: "member" });
    const opened = await history(eve, lobbyId);
    expect(opened.at(-1)).toMatchObject({ kind: "notice", body: joined, senderId: eve.id });
    expect((await summaries(eve))[0]).toMatchObject({ id: lobbyId, kind: "lobby", title: "Lobby", joined: true, myRole: "member" });

    // Joining again, or sending, joins nothing twice; only the lobby can be joined this way.
    await joinConversation(url, eve, lobbyId);
    expect((await api(url, `/api/conversations/${privateId}/join`, { cookie: (await signUp(url)).cookie, method: "POST" })).status).toBe(404);
    const es = await online(eve);
    const hello = await send(es, lobbyId, "hello lobby");
    const after = await api<MessagePage>(url, `/api/conversations/${lobbyId}/messages?after=${(opened.at(-1)?.id ?? 1) - 1}`, { cookie: eve.cookie });
    expect(after.body.messages.map((m) => m.body)).toEqual([joined, "hello lobby"]);

    // Sending is opening too; and everyone reads the whole history, from before they joined.
    const fs = await online(fay);
    const fayJoined = nextEvent(fs, "message:new", (m) => m.conversationId === lobbyId && m.kind === "notice");
    const fromFay = await send(fs, lobbyId, "hi eve");
    expect(await fayJoined).toMatchObject({ body: `${fay.username} joined the lobby` });
    expect(fromFay.id).toBeGreaterThan((await fayJoined).id);
    const seenByFay = await history(fay, lobbyId);
    expect(seenByFay.map((m) => m.id)).toEqual(expect.arrayContaining([hello.id, fromFay.id]));
    expect(seenByFay.filter((m) => m.body === joined)).toHaveLength(1);
    expect((await summaries(fay))[0]).toMatchObject({ id: lobbyId, joined: true });
  });

  it("carries messages live to every member, and to a newcomer only from the moment they open it", async () => {
    const [gus, hal, ivy, jon] = await Promise.all([signUp(url), signUp(url), signUp(url), signUp(url)]);
    const lobbyId = (await summaries(gus))[0]?.id ?? 0;
    const [gs, hs, is, js] = await Promise.all([online(gus), online(hal), online(ivy), online(jon)]);
    // Members' sockets that were open before they joined get the room live.
    for (const [user, socket] of [
      [gus, gs],
      [hal, hs],
      [ivy, is],
    ] as const) {
      const own = nextEvent(socket, "message:new", (m) => m.conversationId === lobbyId && m.body === `${user.username} joined the lobby`);
      await joinConversation(url, user, lobbyId);
      await own;
    }
    const jonSaw = collect(js, "message:new");

    const members = [gs, hs, is];
    const sent: ChatMessage[] = [];
    for (const [i, from] of members.entries()) {
      const id = clientId();
      const arrivals = members.map((s) => nextEvent(s, "message:new", (m) => m.clientId === id));
      sent.push(await send(from, lobbyId, `lobby ${i}`, id));
      for (const m of await Promise.all(arrivals)) expect(m).toEqual(sent[i]);
    }
    await fence(gs, js, await openConversation(url, gus, jon));
    expect(jonSaw.filter((m) => m.conversationId === lobbyId)).toEqual([]);

    const jonJoinedHere = nextEvent(js, "message:new", (m) => m.conversationId === lobbyId);
    const jonJoinedThere = nextEvent(gs, "message:new", (m) => m.conversationId === lobbyId);
    await joinConversation(url, jon, lobbyId);
    const jonHistory = await history(jon, lobbyId);
    expect(jonHistory.map((m) => m.id)).toEqual(expect.arrayContaining(sent.map((m) => m.id)));
    expect(await jonJoinedHere).toMatchObject({ kind: "notice", body: `${jon.username} joined the lobby` });
    expect(await jonJoinedThere).toEqual(await jonJoinedHere);

    const id = clientId();
    const atJon = nextEvent(js, "message:new", (m) => m.clientId === id);
    const live = await send(hs, lobbyId, "welcome jon", id);
    expect(await atJon).toEqual(live);

    // Deleting reaches the whole room; nobody but the sender may delete in the lobby.
    expect((await deleteMessage(gus, lobbyId, live.id)).status).toBe(403);
    const deletedEverywhere = [gs, hs, is, js].map((s) => nextEvent(s, "message:deleted", (d) => d.messageId === live.id));
    expect((await deleteMessage(hal, lobbyId, live.id)).status).toBe(200);
    for (const d of await Promise.all(deletedEverywhere)) expect(d).toEqual({ conversationId: lobbyId, messageId: live.id });
    expect((await history(jon, lobbyId)).find((m) => m.id === live.id)).toMatchObject({ body: "", deleted: true });
  });

  it("keeps a reader's lobby receipts to their own tabs", async () => {
    const [kim, lee] = await Promise.all([signUp(url), signUp(url)]);
    const lobbyId = (await summaries(kim))[0]?.id ?? 0;
    await Promise.all([joinConversation(url, kim, lobbyId), joinConversation(url, lee, lobbyId)]);
    const [k1, k2, ls] = await Promise.all([online(kim), online(kim), online(lee)]);
    const message = await send(ls, lobbyId, "read me");
    const leeReceipts = collect(ls, "receipt:update");

    const otherTab = nextEvent(k2, "receipt:update", (r) => r.conversationId === lobbyId);
    expect(await k1.emitWithAck("receipt:read", { conversationId: lobbyId, messageId: message.id })).toMatchObject({
      ok: true,
      receipt: { userId: kim.id, lastReadId: message.id },
    });
    expect(await otherTab).toMatchObject({ userId: kim.id, lastReadId: message.id, unreadCount: 0 });
    await fence(k1, ls, lobbyId);
    expect(leeReceipts).toEqual([]);
    expect((await summaries(lee))[0]?.receipts.map((r) => r.userId)).toEqual([lee.id]);
  });
});

describe("the lobby under load", () => {
  // Each sign-up costs two scrypt hashes (register, then sign in): 0.1-0.4 s per person on a busy
  // 2-core machine, so 300 of them can take a minute or two. The sockets are what load the
  // fan-out, so LOBBY_SOCKETS signed-in sockets are spread over LOBBY_USERS people, a few tabs
  // each; LOBBY_LOAD_USERS=300 gives every socket its own person.
  const LOBBY_USERS = Number(process.env.LOBBY_LOAD_USERS ?? 100);
  const LOBBY_SOCKETS = 300;
  const MESSAGES = 20;
  const SENDERS = 4;

  it(`delivers every lobby message exactly once to each of ${LOBBY_SOCKETS} signed-in sockets`, { timeout: 90_000 }, async () => {
    const startedAt = Date.now();
    const users: TestUser[] = [];
    for (let i = 0; i < LOBBY_USERS; i += 10) {
      users.push(...(await Promise.all(Array.from({ length: Math.min(10, LOBBY_USERS - i) }, () => signUp(url)))));
    }
    const signedUpAt = Date.now();

    const sockets: TestSocket[] = [];
    for (let i = 0; i < LOBBY_SOCKETS; i += 50) {
      sockets.push(...(await Promise.all(Array.from({ length: 50 }, (_, k) => online(users[(i + k) % LOBBY_USERS] as TestUser)))));
    }
    const lobbyId = (await summaries(users[0] as TestUser))[0]?.id ?? 0;
    for (let i = 0; i < LOBBY_USERS; i += 10) await Promise.all(users.slice(i, i + 10).map((u) => joinConversation(url, u, lobbyId)));
    const connectedAt = Date.now();

    const sentAt = new Map<string, number>();
    const received = sockets.map(() => new Map<string, number>());
    const lastArrival = new Map<string, number>();
    let pending = LOBBY_SOCKETS * MESSAGES;
    let allArrived!: () => void;
    const done = new Promise<void>((resolve) => (allArrived = resolve));
    sockets.forEach((socket, i) =>
      socket.on("message:new", (m) => {
        if (!sentAt.has(m.clientId)) return;
        const seen = received[i] as Map<string, number>;
        const count = (seen.get(m.clientId) ?? 0) + 1;
        seen.set(m.clientId, count);
        lastArrival.set(m.clientId, Date.now());
        if (count === 1 && --pending === 0) allArrived();
      }),
    );

    // Senders take turns, each message sent once the previous one was acked.
    const senders = Array.from({ length: SENDERS }, (_, s) => sockets[s] as TestSocket);
    for (let i = 0; i < MESSAGES; i++) {
      const id = clientId();
      sentAt.set(id, Date.now());
      await send(senders[i % SENDERS] as TestSocket, lobbyId, `load ${i}`, id);
    }
    await Promise.race([
      done,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`${pending} deliveries missing`)), 30_000)),
    ]);
    // One more message through the room: a duplicate of any earlier one would have arrived first.
    const fenceId = clientId();
    const fenced = sockets.map((s) => nextEvent(s, "message:new", (m) => m.clientId === fenceId, 15_000));
    await send(senders[0] as TestSocket, lobbyId, "load fence", fenceId);
    await Promise.all(fenced);

    for (const [i, seen] of received.entries()) {
      expect([...seen.values()], `socket ${i}`).toEqual(Array.from({ length: MESSAGES }, () => 1));
    }
    const latencies = [...sentAt].map(([id, at]) => (lastArrival.get(id) ?? Number.NaN) - at).sort((x, y) => x - y);
    const p50 = latencies[Math.floor(latencies.length / 2)];
    console.log(
      `lobby fan-out: ${MESSAGES} messages x ${LOBBY_SOCKETS} sockets (${LOBBY_USERS} users): ` +
        `send to last delivery p50 ${p50} ms, max ${latencies.at(-1)} ms; ` +
        `sign-up ${signedUpAt - startedAt} ms, connect+join ${connectedAt - signedUpAt} ms, total ${Date.now() - startedAt} ms`,
    );
    for (const s of sockets) s.disconnect();
  });
});

describe("removal across two instances sharing Redis", () => {
  // Sends are not limited here: one test races a stream of them against a removal.
  const cluster = twoInstancesWithRedis({ SEND_BURST: "100000", SEND_RATE_PER_SEC: "100000" });
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(() => {
    ({ a, b } = cluster);
  });
  const on = cluster.on;

  it("stops everything reaching the removed member's socket on B once an admin on A removes them", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(a.url), signUp(a.url), signUp(b.url)]);
    const id = await createGroup(ann, "Two instances", [ben, cat], a.url);
    const privateWithBen = await openConversation(a.url, ann, ben);
    const [as, bs, cs] = await Promise.all([on(a, ann), on(b, ben), on(b, cat)]);

    const first = clientId();
    const atBen = nextEvent(bs, "message:new", (m) => m.clientId === first);
    const atCat = nextEvent(cs, "message:new", (m) => m.clientId === first);
    const early = await send(as, id, "before the removal", first);
    await Promise.all([atBen, atCat]);

    const benWatch = watch(bs);
    const removed = nextEvent(bs, "conversation:changed", (c) => c.conversationId === id);
    const catNoticed = nextEvent(cs, "message:new", (m) => m.conversationId === id && m.kind === "notice");
    expect(await removeMember(ann, id, ben.id, a.url)).toEqual({ status: 200, body: { ok: true } });
    expect(await removed).toEqual({ conversationId: id, removed: true });
    expect((await catNoticed).body).toBe(`${ann.username} removed ${ben.username}`);

    for (let i = 0; i < 3; i++) {
      const cid = clientId();
      const atCatLater = nextEvent(cs, "message:new", (m) => m.clientId === cid);
      await send(as, id, `after the removal ${i}`, cid);
      await atCatLater;
    }
    const typingSeen = nextEvent(cs, "typing", (t) => t.conversationId === id && t.userId === ann.id);
    as.emit("typing", { conversationId: id, typing: true });
    await typingSeen;
    const readSeen = nextEvent(as, "receipt:update", (r) => r.conversationId === id && r.userId === cat.id);
    cs.emit("receipt:read", { conversationId: id, messageId: early.id });
    await readSeen;
    const deletedSeen = nextEvent(cs, "message:deleted", (d) => d.messageId === early.id);
    expect((await api(a.url, `/api/conversations/${id}/messages/${early.id}`, { cookie: ann.cookie, method: "DELETE" })).status).toBe(200);
    await deletedSeen;

    expect(await trySend(bs, id, "still here?")).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
    expect((await api(b.url, `/api/conversations/${id}/messages`, { cookie: ben.cookie })).status).toBe(404);

    // Sent from A to Ben on B after all of the above: whatever the group pushed to Ben came first.
    const fenceId = clientId();
    const fenced = nextEvent(bs, "message:new", (m) => m.clientId === fenceId);
    await send(as, privateWithBen, "fence", fenceId);
    await fenced;
    expect(benWatch.about(id)).toEqual([["conversation:changed", { conversationId: id, removed: true }]]);
    const synced = await api<SyncPage>(b.url, "/api/sync?after=0", { cookie: ben.cookie });
    expect(synced.body.messages.filter((m) => m.conversationId === id)).toEqual([]);
  });

  it("stores nothing from a removed member whose sends were in flight during the removal", async () => {
    // Each send checks membership, then waits for the rate limit in Redis, then stores: a removal
    // committing on A inside that wait must still refuse the send. Several rounds, as it is a race.
    const [ann, ben] = await Promise.all([signUp(a.url), signUp(a.url)]);
    const bs = await on(b, ben);
    for (let round = 0; round < 8; round++) {
      const id = await createGroup(ann, `Race ${round}`, [ben], a.url);
      const acked: Ack<{ message: ChatMessage }>[] = [];
      let refused = false;
      let flowing!: () => void;
      const started = new Promise<void>((resolve) => (flowing = resolve));
      const stream = (async () => {
        while (!refused) {
          const batch = await Promise.all(Array.from({ length: 20 }, () => trySend(bs, id, "racing")));
          acked.push(...batch);
          if (batch.some((r) => !r.ok)) refused = true;
          flowing();
        }
      })();
      await started;
      expect((await removeMember(ann, id, ben.id, a.url)).status).toBe(200);
      await stream;

      const messages = await history(ann, id, a.url);
      const removal = messages.find((m) => m.kind === "notice" && m.body === `${ann.username} removed ${ben.username}`);
      expect(removal).toBeDefined();
      const late = messages.filter((m) => m.senderId === ben.id && m.id > (removal?.id ?? 0));
      expect(late, `round ${round}: stored after the removal`).toEqual([]);
      const okIds = acked.flatMap((r) => (r.ok ? [r.message.id] : []));
      expect(okIds.every((messageId) => messageId < (removal?.id ?? 0)), `round ${round}: acked after the removal`).toBe(true);
      expect(acked.filter((r) => !r.ok).every((r) => !r.ok && r.error === "Conversation not found")).toBe(true);
    }
  });

  it("puts a lobby joiner's sockets on both instances in the room at once, their own join notice included", async () => {
    const [mia, ned] = await Promise.all([signUp(a.url), signUp(a.url)]);
    const lobbyId = (await summaries(mia, a.url))[0]?.id ?? 0;
    await joinConversation(b.url, ned, lobbyId);
    const [onA, onB, nedOnB] = await Promise.all([on(a, mia), on(b, mia), on(b, ned)]);

    const joined = `${mia.username} joined the lobby`;
    const arrivals = [onA, onB, nedOnB].map((s) => nextEvent(s, "message:new", (m) => m.conversationId === lobbyId && m.body === joined));
    await joinConversation(a.url, mia, lobbyId);
    const [hereA, hereB, atNed] = await Promise.all(arrivals);
    expect(hereA).toEqual(atNed);
    expect(hereB).toEqual(atNed);

    const id = clientId();
    const both = [onA, onB].map((s) => nextEvent(s, "message:new", (m) => m.clientId === id));
    const message = await send(nedOnB, lobbyId, "hi mia", id);
    for (const m of await Promise.all(both)) expect(m).toEqual(message);
  });
});
