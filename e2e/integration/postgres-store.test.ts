// The Store contract, run the same way against both adapters: SQLite (the reference) and
// PostgreSQL, each on a fresh real database per test. Then what only PostgreSQL needs proving:
// message ids commit in order, and concurrent writers each get their own id.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "@/db/client";
import { openPostgres } from "@/db/pg/open";
import { createPostgresStore, MESSAGE_ORDER_LOCK_KEY } from "@/db/pg/store";
import { createSqliteStore } from "@/db/sqlite/store";
import type { NewMessage, NoticeDraft, Store } from "@/db/store";
import { createDatabase, startPostgres, type RunningPostgres } from "./postgres-harness";

let cluster: RunningPostgres | undefined;
let clusterUrl: string;
let sqliteDir: string;
const opened: Store[] = [];

beforeAll(async () => {
  sqliteDir = await mkdtemp(path.join(tmpdir(), "chat-store-"));
  // The run's shared cluster when there is one (CHAT_TEST_DATABASE=postgres), else our own.
  const shared = inject("postgresUrl");
  if (shared) {
    clusterUrl = shared;
  } else {
    cluster = await startPostgres();
    clusterUrl = cluster.url;
  }
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await cluster?.stop();
  await rm(sqliteDir, { recursive: true, force: true });
});

async function makeSqlite(): Promise<Store> {
  const store = createSqliteStore(openDatabase(path.join(sqliteDir, `${randomUUID()}.db`)));
  opened.push(store);
  return store;
}

async function freshPostgresUrl(): Promise<string> {
  return createDatabase(clusterUrl);
}

async function makePostgres(url?: string): Promise<Store> {
  const store = createPostgresStore(await openPostgres(url ?? (await freshPostgresUrl()), { poolSize: 10 }));
  opened.push(store);
  return store;
}

const T0 = 1_700_000_000_000;

async function users(store: Store, ...names: string[]): Promise<{ id: number; username: string }[]> {
  const created = [];
  for (const name of names) {
    const user = await store.createUser(name, `hash-${name}`, T0);
    if (!user) throw new Error(`${name} was taken`);
    created.push(user);
  }
  return created;
}

function text(conversationId: number, sender: { id: number; username: string }, body: string, clientId: string = randomUUID()): NewMessage {
  return { conversationId, senderId: sender.id, senderName: sender.username, body, clientId, createdAt: T0 + 1, kind: "text" };
}

function notice(actor: { id: number; username: string }, body: string): NoticeDraft {
  return { actor, body };
}

async function send(store: Store, conversationId: number, sender: { id: number; username: string }, body: string) {
  const result = await store.storeMessage(text(conversationId, sender, body));
  if (result.kind !== "stored") throw new Error(`not stored: ${result.kind}`);
  return result.message;
}

async function group(store: Store, creator: { id: number; username: string }, members: { id: number }[], title = "team") {
  return store.createGroup({ title, creatorId: creator.id, memberIds: members.map((m) => m.id), at: T0, notice: notice(creator, "created") });
}

describe.each([
  ["sqlite", makeSqlite],
  ["postgres", () => makePostgres()],
] as const)("the Store contract on %s", (_name, make) => {
  it("people: case-blind unique names, one winner in a race, sessions, last seen, the directory", async () => {
    const store = await make();
    const alice = await store.createUser("alice", "h1", T0);
    expect(alice).toEqual({ id: expect.any(Number) as number, username: "alice" });
    expect(await store.createUser("ALICE", "h2", T0)).toBeUndefined();
    expect(await store.findUserByUsername("AlIcE")).toEqual({ id: alice!.id, username: "alice", passwordHash: "h1", sessionEpoch: 0 });
    expect(await store.findUserByUsername("nobody")).toBeUndefined();
    expect(await store.findUserById(alice!.id)).toEqual({ id: alice!.id, username: "alice" });
    expect(await store.findUserById(9999)).toBeUndefined();

    const racers = await Promise.all(["racer", "RACER", "Racer", "racer", "rAcer", "raceR"].map((n) => store.createUser(n, "h", T0)));
    expect(racers.filter((r) => r !== undefined)).toHaveLength(1);

    await store.endSessions(alice!.id);
    await store.endSessions(alice!.id);
    expect(await store.findSessionUser(alice!.id)).toEqual({ id: alice!.id, username: "alice", sessionEpoch: 2 });

    const [bob, carol] = await users(store, "bob", "carol");
    await store.setLastSeen(bob!.id, T0 + 5);
    const others = await store.listUsersExcept(alice!.id);
    // Byte order, as SQLite's BINARY collation (and JS's default sort) has it.
    expect(others.map((u) => u.username)).toEqual(["bob", "carol", racers.find((r) => r)!.username].sort());
    expect(others[0]).toEqual({ id: bob!.id, username: "bob", lastSeenAt: T0 + 5 });
    expect(others[1]).toEqual({ id: carol!.id, username: "carol", lastSeenAt: null });
  });

  it("private conversations: get-or-create is idempotent, symmetric and race-safe", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    expect(await store.findPrivateConversation(a!.id, b!.id)).toBeUndefined();
    const raced = await Promise.all([
      store.getOrCreatePrivateConversation(a!.id, b!.id, T0),
      store.getOrCreatePrivateConversation(b!.id, a!.id, T0),
      store.getOrCreatePrivateConversation(a!.id, b!.id, T0),
    ]);
    const first = raced[0];
    expect(first).toEqual({ id: expect.any(Number) as number, kind: "private", title: null });
    expect(raced.map((r) => r.id)).toEqual([first.id, first.id, first.id]);
    expect(await store.getOrCreatePrivateConversation(b!.id, a!.id, T0 + 1)).toEqual(first);
    expect(await store.findPrivateConversation(b!.id, a!.id)).toEqual(first);
    expect((await store.listMemberIds(first.id)).sort((x, y) => x - y)).toEqual([a!.id, b!.id]);
    expect(await store.countMembers(first.id)).toBe(2);
    const other = await store.getOrCreatePrivateConversation(a!.id, c!.id, T0);
    expect(other.id).not.toBe(first.id);
    expect(await store.findConversation(first.id)).toEqual(first);
    expect(await store.findConversation(99_999)).toBeUndefined();
    expect(await store.findMembership(first.id, a!.id)).toEqual({ ...first, role: "member", visibleFromId: 0, muted: false });
    expect(await store.findMembership(first.id, c!.id)).toBeUndefined();
    expect(await store.setMuted(first.id, a!.id, true)).toBe(true);
    expect((await store.findMembership(first.id, a!.id))?.muted).toBe(true);
    expect(await store.setMuted(first.id, c!.id, true)).toBe(false);
  });

  it("storeMessage: stored once per clientId, refused to non-members and across a block", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    const chat = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const draft = text(chat.id, a!, "hello", "client-1");
    const first = await store.storeMessage(draft);
    expect(first).toEqual({
      kind: "stored",
      message: { id: expect.any(Number) as number, ...draft, deleted: false },
    });
    if (first.kind !== "stored") return;
    expect(await store.storeMessage({ ...draft, body: "again" })).toEqual({ kind: "existing", message: first.message });
    expect(await store.findMessage(chat.id, first.message.id)).toEqual(first.message);
    expect(await store.findMessage(chat.id + 1000, first.message.id)).toBeUndefined();
    expect(await store.storeMessage(text(chat.id, c!, "intruder"))).toEqual({ kind: "not_member" });

    expect(await store.hasWrittenTo(a!.id, b!.id)).toBe(true);
    expect(await store.hasWrittenTo(b!.id, a!.id)).toBe(false);

    expect(await store.block(b!.id, a!.id, T0)).toBe(true);
    expect(await store.block(b!.id, a!.id, T0)).toBe(false);
    expect(await store.listBlockedIds(b!.id)).toEqual([a!.id]);
    expect(await store.listBlockerIds(a!.id)).toEqual([b!.id]);
    expect(await store.isBlockedEitherWay(a!.id, b!.id)).toBe(true);
    expect(await store.isBlockedEitherWay(b!.id, a!.id)).toBe(true);
    expect(await store.isBlockedEitherWay(a!.id, c!.id)).toBe(false);
    // Either side of a block is refused.
    expect(await store.storeMessage(text(chat.id, a!, "blocked"))).toEqual({ kind: "blocked" });
    expect(await store.storeMessage(text(chat.id, b!, "blocked too"))).toEqual({ kind: "blocked" });
    expect(await store.unblock(b!.id, a!.id)).toBe(true);
    expect(await store.unblock(b!.id, a!.id)).toBe(false);
    expect(await store.listBlockedIds(b!.id)).toEqual([]);
    expect((await store.storeMessage(text(chat.id, b!, "friends again"))).kind).toBe("stored");
    expect(await store.hasWrittenTo(b!.id, a!.id)).toBe(true);
  });

  it("history: paging before/after, visible only from joining on, across conversations", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    const { conversation, notice: created } = await group(store, a!, [b!]);
    const early = [];
    for (let i = 0; i < 5; i++) early.push(await send(store, conversation.id, i % 2 ? b! : a!, `m${i}`));
    const added = await store.addMembers({ conversationId: conversation.id, actorId: a!.id, userIds: [c!.id], at: T0 + 2, notice: notice(a!, "added c") });
    if (!("notice" in added)) throw new Error("refused");
    const late = await send(store, conversation.id, c!, "hi all");
    const ids = [created.id, ...early.map((m) => m.id), added.notice.id, late.id];
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);

    const mineC = await store.findMembership(conversation.id, c!.id);
    expect(mineC?.visibleFromId).toBe(early[4]!.id);

    const page = await store.listMessagesBefore(conversation.id, late.id, 3, 0);
    expect(page.map((m) => m.id)).toEqual([early[3]!.id, early[4]!.id, added.notice.id]);
    expect(page[2]).toEqual(added.notice);
    const older = await store.listMessagesBefore(conversation.id, page[0]!.id, 10, 0);
    expect(older.map((m) => m.id)).toEqual([created.id, early[0]!.id, early[1]!.id, early[2]!.id]);
    // c reads from their joining on.
    const forC = await store.listMessagesBefore(conversation.id, 2_000_000_000, 50, mineC!.visibleFromId);
    expect(forC.map((m) => m.id)).toEqual([added.notice.id, late.id]);
    const after = await store.listMessagesAfter(conversation.id, early[2]!.id, 2);
    expect(after.map((m) => m.body)).toEqual(["m3", "m4"]);

    const other = await store.getOrCreatePrivateConversation(a!.id, c!.id, T0);
    const aside = await send(store, other.id, a!, "psst");
    const catchUpC = await store.listMessagesForUserAfter(c!.id, 0, 100);
    expect(catchUpC.map((m) => m.id)).toEqual([added.notice.id, late.id, aside.id]);
    const catchUpA = await store.listMessagesForUserAfter(a!.id, early[4]!.id, 2);
    expect(catchUpA.map((m) => m.id)).toEqual([added.notice.id, late.id]);
    expect(await store.listMessagesForUserAfter(b!.id, late.id, 10)).toEqual([]);
    expect(await store.newestMessageIdForUser(a!.id)).toBe(aside.id);
    expect(await store.newestMessageIdForUser(b!.id)).toBe(late.id);
    const [d] = await users(store, "d");
    expect(await store.newestMessageIdForUser(d!.id)).toBe(0);
  });

  it("groups: create, rename, add and remove with their notices; refusals; the admin hands over to the longest member", async () => {
    const store = await make();
    const [a, b, c, d] = await users(store, "a", "b", "c", "d");
    const { conversation, notice: created } = await group(store, a!, [b!, c!], "first");
    expect(conversation).toEqual({ id: expect.any(Number) as number, kind: "group", title: "first" });
    expect(created).toMatchObject({ conversationId: conversation.id, senderId: a!.id, senderName: "a", body: "created", kind: "notice", deleted: false });
    expect(await store.findMessage(conversation.id, created.id)).toEqual(created);
    const members = await store.listMembers(conversation.id);
    expect(members.map((m) => [m.userId, m.role])).toEqual([
      [a!.id, "admin"],
      [b!.id, "member"],
      [c!.id, "member"],
    ]);
    expect(members[0]).toEqual({ conversationId: conversation.id, userId: a!.id, username: "a", role: "admin", lastDeliveredId: 0, lastReadId: 0 });

    expect(await store.renameGroup({ conversationId: conversation.id, actorId: b!.id, title: "mine", notice: notice(b!, "x") })).toEqual({
      refused: "not_admin",
    });
    expect(await store.renameGroup({ conversationId: conversation.id, actorId: d!.id, title: "mine", notice: notice(d!, "x") })).toEqual({
      refused: "not_admin",
    });
    const renamed = await store.renameGroup({ conversationId: conversation.id, actorId: a!.id, title: "second", notice: notice(a!, "renamed") });
    expect(renamed).toEqual({ notice: expect.objectContaining({ kind: "notice", body: "renamed", senderId: a!.id }) as unknown });
    expect((await store.findConversation(conversation.id))?.title).toBe("second");

    expect(
      await store.addMembers({ conversationId: conversation.id, actorId: b!.id, userIds: [d!.id], at: T0 + 1, notice: notice(b!, "x") }),
    ).toEqual({ refused: "not_admin" });
    expect(await store.findMembership(conversation.id, d!.id)).toBeUndefined();
    const added = await store.addMembers({ conversationId: conversation.id, actorId: a!.id, userIds: [d!.id], at: T0 + 1, notice: notice(a!, "added d") });
    if (!("notice" in added)) throw new Error("refused");
    const dMember = (await store.listMembers(conversation.id)).find((m) => m.userId === d!.id);
    // Their receipts start at their joining, so earlier history is never unread for them.
    if (!("notice" in renamed)) throw new Error("refused");
    expect(dMember).toMatchObject({ role: "member", lastDeliveredId: renamed.notice.id, lastReadId: renamed.notice.id });
    expect((await store.findMembership(conversation.id, d!.id))?.visibleFromId).toBe(dMember!.lastReadId);
    expect(await store.countUnread(conversation.id, d!.id, dMember!.lastReadId)).toBe(0);

    // Only an admin removes someone else; anyone may leave; removing a non-member finds nobody.
    expect(
      await store.removeMember({ conversationId: conversation.id, actorId: b!.id, targetId: c!.id, notice: notice(b!, "x"), heirNotice: () => notice(b!, "x") }),
    ).toEqual({ refused: "not_admin" });
    const left = await store.removeMember({
      conversationId: conversation.id,
      actorId: c!.id,
      targetId: c!.id,
      notice: notice(c!, "c left"),
      heirNotice: () => notice(c!, "unexpected"),
    });
    expect(left).toEqual({ notices: [expect.objectContaining({ body: "c left", kind: "notice" })] });
    expect(await store.storeMessage(text(conversation.id, c!, "still here?"))).toEqual({ kind: "not_member" });
    expect(
      await store.removeMember({ conversationId: conversation.id, actorId: a!.id, targetId: c!.id, notice: notice(a!, "x"), heirNotice: () => notice(a!, "x") }),
    ).toEqual({ refused: "not_found" });

    const heirs: number[] = [];
    const adminLeft = await store.removeMember({
      conversationId: conversation.id,
      actorId: a!.id,
      targetId: a!.id,
      notice: notice(a!, "a left"),
      heirNotice: (heir) => {
        heirs.push(heir.id);
        return notice(heir, `${heir.username} is admin`);
      },
    });
    expect(heirs).toEqual([b!.id]);
    expect(adminLeft).toEqual({
      notices: [expect.objectContaining({ body: "a left", senderId: a!.id }), expect.objectContaining({ body: "b is admin", senderId: b!.id })],
    });
    if (!("notices" in adminLeft)) return;
    expect(adminLeft.notices[1]!.id).toBeGreaterThan(adminLeft.notices[0]!.id);
    expect((await store.listMembers(conversation.id)).map((m) => [m.userId, m.role])).toEqual([
      [b!.id, "admin"],
      [d!.id, "member"],
    ]);
    // The heir now acts as admin.
    expect(
      (await store.renameGroup({ conversationId: conversation.id, actorId: b!.id, title: "third", notice: notice(b!, "renamed") })) as object,
    ).toHaveProperty("notice");
  });

  it("a removal racing a member's sends: every message stored is older than the removal notice", async () => {
    const store = await make();
    const [a, b] = await users(store, "a", "b");
    const { conversation } = await group(store, a!, [b!]);
    const sends = Array.from({ length: 10 }, (_, i) => store.storeMessage(text(conversation.id, b!, `in flight ${i}`)));
    const removal = store.removeMember({
      conversationId: conversation.id,
      actorId: a!.id,
      targetId: b!.id,
      notice: notice(a!, "removed b"),
      heirNotice: () => notice(a!, "unexpected"),
    });
    const [removed, ...results] = await Promise.all([removal, ...sends]);
    if (!("notices" in removed)) throw new Error("refused");
    const cut = removed.notices[0]!.id;
    for (const r of results) {
      expect(["stored", "not_member"]).toContain(r.kind);
      if (r.kind === "stored") expect(r.message.id).toBeLessThan(cut);
    }
    const after = await store.listMessagesAfter(conversation.id, cut, 100);
    expect(after.filter((m) => m.senderId === b!.id)).toEqual([]);
  });

  it("the lobby: created once, joined once, whole history visible", async () => {
    const store = await make();
    const [a, b] = await users(store, "a", "b");
    const lobby = await store.getOrCreateLobby("Lobby", T0);
    expect(lobby).toEqual({ id: expect.any(Number) as number, kind: "lobby", title: "Lobby" });
    expect(await Promise.all([store.getOrCreateLobby("Other", T0), store.getOrCreateLobby("Lobby", T0)])).toEqual([lobby, lobby]);
    const joinedA = await store.joinLobby({ lobbyId: lobby.id, userId: a!.id, at: T0, notice: notice(a!, "a joined") });
    expect(joinedA).toMatchObject({ kind: "notice", body: "a joined", conversationId: lobby.id });
    expect(await store.joinLobby({ lobbyId: lobby.id, userId: a!.id, at: T0, notice: notice(a!, "again") })).toBeNull();
    const before = await send(store, lobby.id, a!, "welcome");
    const joinedB = await store.joinLobby({ lobbyId: lobby.id, userId: b!.id, at: T0, notice: notice(b!, "b joined") });
    expect(await store.findMembership(lobby.id, b!.id)).toMatchObject({ visibleFromId: 0, role: "member" });
    expect((await store.listMessagesForUserAfter(b!.id, 0, 10)).map((m) => m.id)).toEqual([joinedA!.id, before.id, joinedB!.id]);
    // Joining does not make the earlier history unread.
    expect(await store.countUnread(lobby.id, b!.id, (await store.listMembers(lobby.id)).find((m) => m.userId === b!.id)!.lastReadId)).toBe(0);
  });

  it("deleting, receipts (never back, never past the newest) and unread counts", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    const { conversation, notice: created } = await group(store, a!, [b!]);
    const m1 = await send(store, conversation.id, a!, "one");
    const m2 = await send(store, conversation.id, a!, "two");
    const m3 = await send(store, conversation.id, a!, "three");
    await send(store, conversation.id, b!, "mine");
    expect(await store.countUnread(conversation.id, b!.id, 0)).toBe(3); // not the notice, not b's own
    expect(await store.deleteMessage(conversation.id, m2.id, T0 + 9)).toBe(true);
    expect(await store.deleteMessage(conversation.id, m2.id, T0 + 9)).toBe(false);
    expect(await store.deleteMessage(conversation.id + 1000, m1.id, T0 + 9)).toBe(false);
    expect(await store.findMessage(conversation.id, m2.id)).toEqual({ ...m2, body: "", deleted: true });
    expect(await store.countUnread(conversation.id, b!.id, 0)).toBe(2);
    expect(await store.countUnread(conversation.id, b!.id, m1.id)).toBe(1);

    expect(await store.advanceReceipt(conversation.id, c!.id, m1.id, m1.id)).toBeUndefined();
    expect(await store.advanceReceipt(conversation.id, b!.id, m1.id, created.id)).toEqual({
      receipt: { lastDeliveredId: m1.id, lastReadId: created.id },
      changed: true,
    });
    // Read implies delivered.
    expect(await store.advanceReceipt(conversation.id, b!.id, 0, m3.id)).toEqual({
      receipt: { lastDeliveredId: m3.id, lastReadId: m3.id },
      changed: true,
    });
    // Never back.
    expect(await store.advanceReceipt(conversation.id, b!.id, m1.id, m1.id)).toEqual({
      receipt: { lastDeliveredId: m3.id, lastReadId: m3.id },
      changed: false,
    });
    // Never past the newest message.
    const newest = await store.newestMessageIdForUser(b!.id);
    expect(await store.advanceReceipt(conversation.id, b!.id, newest + 50, newest + 40)).toEqual({
      receipt: { lastDeliveredId: newest, lastReadId: newest },
      changed: true,
    });
    expect((await store.listMembers(conversation.id)).find((m) => m.userId === b!.id)).toMatchObject({
      lastDeliveredId: newest,
      lastReadId: newest,
    });
  });

  it("listConversations: summaries with last message, unread and members, newest first", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    const lobby = await store.getOrCreateLobby("Lobby", T0);
    await store.joinLobby({ lobbyId: lobby.id, userId: a!.id, at: T0, notice: notice(a!, "a joined") });
    await store.joinLobby({ lobbyId: lobby.id, userId: b!.id, at: T0, notice: notice(b!, "b joined") });
    const empty = await store.getOrCreatePrivateConversation(a!.id, c!.id, T0);
    const chat = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const { conversation: team } = await group(store, b!, [a!, c!], "team");
    const fromB = await send(store, chat.id, b!, "hey a");
    await send(store, chat.id, b!, "you there?");
    const last = await send(store, chat.id, a!, "yes");
    const deleted = await send(store, team.id, b!, "oops");
    await store.deleteMessage(team.id, deleted.id, T0 + 3);
    await store.setMuted(team.id, a!.id, true);

    const { summaries, members } = await store.listConversations(a!.id);
    expect(summaries.map((s) => s.id)).toEqual([team.id, chat.id, lobby.id, empty.id]);
    const [teamS, chatS, lobbyS, emptyS] = summaries;
    expect(teamS).toMatchObject({ kind: "group", title: "team", role: "member", muted: true, memberCount: 3, unreadCount: 0 });
    expect(teamS!.lastMessage).toEqual({ ...deleted, body: "", deleted: true });
    expect(chatS).toEqual({
      id: chat.id,
      kind: "private",
      title: null,
      role: "member",
      visibleFromId: 0,
      muted: false,
      lastMessage: last,
      mine: { lastDeliveredId: 0, lastReadId: 0 },
      unreadCount: 2,
      memberCount: 2,
    });
    expect(lobbyS).toMatchObject({ kind: "lobby", memberCount: 2, unreadCount: 0 });
    expect(lobbyS!.lastMessage).toMatchObject({ kind: "notice", body: "b joined", senderName: "b" });
    expect(emptyS).toMatchObject({ lastMessage: null, unreadCount: 0, memberCount: 2 });

    await store.advanceReceipt(chat.id, a!.id, fromB.id, fromB.id);
    expect((await store.listConversations(a!.id)).summaries.find((s) => s.id === chat.id)?.unreadCount).toBe(1);
    // Members of every conversation but the lobby, by conversation then joining.
    expect(members.map((m) => [m.conversationId, m.userId])).toEqual(
      [
        [empty.id, a!.id],
        [empty.id, c!.id],
        [chat.id, a!.id],
        [chat.id, b!.id],
        // Joined together: then by id.
        [team.id, a!.id],
        [team.id, b!.id],
        [team.id, c!.id],
      ],
    );
    expect(members.find((m) => m.userId === b!.id && m.conversationId === team.id)).toMatchObject({ username: "b", role: "admin" });
  });

  it("ids up to Number.MAX_SAFE_INTEGER (what requests may carry) match nothing rather than fail", async () => {
    const store = await make();
    const [a, b] = await users(store, "a", "b");
    const chat = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const m = await send(store, chat.id, a!, "hi");
    const huge = Number.MAX_SAFE_INTEGER;
    expect(await store.findUserById(huge)).toBeUndefined();
    expect(await store.findSessionUser(huge)).toBeUndefined();
    expect(await store.findConversation(huge)).toBeUndefined();
    expect(await store.findMembership(huge, a!.id)).toBeUndefined();
    expect(await store.findMessage(chat.id, huge)).toBeUndefined();
    expect(await store.deleteMessage(chat.id, huge, T0)).toBe(false);
    expect((await store.listMessagesBefore(chat.id, huge, 10, 0)).map((x) => x.id)).toEqual([m.id]);
    expect(await store.listMessagesAfter(chat.id, huge, 10)).toEqual([]);
    expect(await store.listMessagesForUserAfter(a!.id, huge, 10)).toEqual([]);
    expect(await store.countUnread(chat.id, b!.id, huge)).toBe(0);
    expect(await store.advanceReceipt(chat.id, b!.id, huge, huge)).toEqual({ receipt: { lastDeliveredId: m.id, lastReadId: m.id }, changed: true });
    expect(await store.advanceReceipt(huge, b!.id, 1, 1)).toBeUndefined();
    expect(await store.listMemberIds(huge)).toEqual([]);
    expect(await store.isBlockedEitherWay(a!.id, huge)).toBe(false);
  });

  it("settings: who may invite me to groups", async () => {
    const store = await make();
    const [a] = await users(store, "a");
    expect(await store.getGroupInvites(a!.id)).toBe("everyone");
    await store.setGroupInvites(a!.id, "contacts");
    expect(await store.getGroupInvites(a!.id)).toBe("contacts");
    await store.setGroupInvites(a!.id, "everyone");
    expect(await store.getGroupInvites(a!.id)).toBe("everyone");
    expect(await store.getGroupInvites(a!.id + 100)).toBe("everyone");
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe("PostgreSQL only: message ids commit in order", () => {
  it("a second writer waits for the first to commit, so a reader never sees id N+1 while N is uncommitted", async () => {
    const url = await freshPostgresUrl();
    const store = await makePostgres(url);
    const [a, b] = await users(store, "a", "b");
    const chat = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const seen = async () => (await store.listMessagesForUserAfter(a!.id, 0, 100)).map((m) => m.id);

    // Another instance's storeMessage, paused between its insert and its commit: it takes the
    // ordering lock first as every message-writing command does, then inserts id N.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1::bigint)", [MESSAGE_ORDER_LOCK_KEY]);
      const { rows } = await holder.query<{ id: number }>(
        "INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at) VALUES ($1, $2, 'first', 'held', $3) RETURNING id",
        [chat.id, a!.id, T0],
      );
      const n = rows[0]!.id;

      let settled = false;
      const second = store.storeMessage(text(chat.id, b!, "second"));
      void second.then(
        () => (settled = true),
        () => (settled = true),
      );
      // Until the second writer either finished (the bug) or is seen waiting for the lock.
      const waiting = async () =>
        (await holder.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks
           WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0]!.n > 0;
      const deadline = Date.now() + 10_000;
      while (!settled && !(await waiting())) {
        if (Date.now() > deadline) throw new Error("the second writer neither finished nor waited");
      }
      expect(settled).toBe(false);
      // What catch-up would read now: nothing past N, since N itself is not committed.
      expect(await seen()).toEqual([]);

      await holder.query("COMMIT");
      const result = await second;
      expect(result.kind).toBe("stored");
      if (result.kind !== "stored") return;
      expect(result.message.id).toBe(n + 1);
      expect(await seen()).toEqual([n, n + 1]);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
    }
  });

  it("20 concurrent storeMessage calls get 20 distinct ids, all readable, in order", async () => {
    const store = await makePostgres();
    const [a, b] = await users(store, "a", "b");
    const chat = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.storeMessage(text(chat.id, i % 2 ? a! : b!, `m${i}`))));
    const ids = results.map((r) => (r.kind === "stored" ? r.message.id : -1));
    expect(ids.every((id) => id > 0)).toBe(true);
    expect(new Set(ids).size).toBe(20);
    const read = await store.listMessagesAfter(chat.id, 0, 100);
    expect(read.map((m) => m.id)).toEqual([...ids].sort((x, y) => x - y));
    expect(read.map((m) => m.body).sort()).toEqual(results.map((_, i) => `m${i}`).sort());
    expect((await store.listConversations(a!.id)).summaries[0]?.lastMessage?.id).toBe(Math.max(...ids));
  });
});
