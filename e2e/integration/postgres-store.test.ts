// The Store contract, run the same way against both adapters: SQLite (the reference) and
// PostgreSQL, each on a fresh real database per test. Then what only PostgreSQL needs proving:
// the change log is read in commit order though its numbers are drawn out of it, and concurrent
// writers each get their own id.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { openPostgres } from "@/db/pg/open";
import { createPostgresStore } from "@/db/pg/store";
import { createSqliteStore } from "@/db/sqlite/store";
import { LOG_START, type ChangePage, type ChangePosition, type NewMessage, type NoticeDraft, type Store } from "@/db/store";
import { clusterForThisFile } from "./postgres-cluster";
import { createDatabase } from "./postgres-harness";

const clusterUrl = clusterForThisFile();
// For the tests that hold a writing transaction open (see clusterForThisFile).
const holdingClusterUrl = clusterForThisFile({ own: true });
let sqliteDir: string;
const opened: Store[] = [];

beforeAll(async () => {
  sqliteDir = await mkdtemp(path.join(tmpdir(), "chat-store-"));
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await rm(sqliteDir, { recursive: true, force: true });
});

async function makeSqlite(): Promise<Store> {
  const store = createSqliteStore(openDatabase(path.join(sqliteDir, `${randomUUID()}.db`)));
  opened.push(store);
  return store;
}

async function freshPostgresUrl(): Promise<string> {
  return createDatabase(clusterUrl());
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

/** Every page of the log for the reader from `after` to its end, followed as a client would. */
async function readAll(store: Store, userId: number, after: ChangePosition = LOG_START, limit = 100): Promise<{ pages: ChangePage[]; end: ChangePosition }> {
  const pages: ChangePage[] = [];
  let at = after;
  for (;;) {
    const page = await store.readChanges(userId, at, limit);
    pages.push(page);
    if (page.rows < limit) return { pages, end: page.head.tx > at.tx || (page.head.tx === at.tx && page.head.seq >= at.seq) ? page.head : at };
    at = page.last!;
  }
}

async function changedMessageIds(store: Store, userId: number, after: ChangePosition = LOG_START, limit = 100): Promise<number[]> {
  return (await readAll(store, userId, after, limit)).pages.flatMap((p) => p.messages.map((m) => m.id));
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
    expect(others[0]).toEqual({ id: bob!.id, username: "bob", displayName: null, avatarKey: null, lastSeenAt: T0 + 5 });
    expect(others[1]).toEqual({ id: carol!.id, username: "carol", displayName: null, avatarKey: null, lastSeenAt: null });

    // Display names: set, read back, listed, cleared; unknown people change nothing.
    expect(await store.getProfile(bob!.id)).toEqual({ id: bob!.id, username: "bob", displayName: null, avatarKey: null });
    expect(await store.setDisplayName(bob!.id, "Bob Ross 🎨")).toEqual({ id: bob!.id, username: "bob", displayName: "Bob Ross 🎨", avatarKey: null });
    expect((await store.listUsersExcept(alice!.id))[0]).toMatchObject({ id: bob!.id, displayName: "Bob Ross 🎨" });
    expect(await store.setDisplayName(bob!.id, null)).toEqual({ id: bob!.id, username: "bob", displayName: null, avatarKey: null });
    expect(await store.setDisplayName(999_999, "x")).toBeUndefined();
    // Photos: the replaced key comes back, for its bytes to be deleted.
    expect(await store.setAvatar(bob!.id, "first-key")).toEqual({ profile: { id: bob!.id, username: "bob", displayName: null, avatarKey: "first-key" }, previousKey: null });
    expect(await store.setAvatar(bob!.id, "second-key")).toMatchObject({ profile: { avatarKey: "second-key" }, previousKey: "first-key" });
    expect(await store.setAvatar(bob!.id, null)).toMatchObject({ profile: { avatarKey: null }, previousKey: "second-key" });
    expect(await store.setAvatar(999_999, "x")).toBeUndefined();
    expect(await store.getProfile(999_999)).toBeUndefined();
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
    // With who hears it, read as it committed.
    expect(first).toEqual({
      kind: "stored",
      message: { id: expect.any(Number) as number, ...draft, deleted: false, attachments: [], editedAt: null, reactions: [], replyTo: null },
      conversation: { id: chat.id, kind: "private" },
      memberIds: [a!.id, b!.id].sort((x, y) => x - y),
      replyHiddenFrom: [],
      mentionedIds: [],
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
    // Catch-up: c reads the group from their joining on, and their new private conversation.
    const caughtUpC = await readAll(store, c!.id, LOG_START, 2);
    expect(caughtUpC.pages.flatMap((p) => p.messages)).toEqual([added.notice, late, aside]);
    expect(new Set(caughtUpC.pages.flatMap((p) => p.conversationIds))).toEqual(new Set([conversation.id, other.id]));
    // From the place of early[4]'s creation: only what came after it.
    expect(await changedMessageIds(store, a!.id, await store.creationPosition(early[4]!.id), 2)).toEqual([added.notice.id, late.id, aside.id]);
    expect(await changedMessageIds(store, b!.id, await store.creationPosition(late.id))).toEqual([]);
    // Nothing for someone in no conversation, and the end of the log is past everything.
    const [d] = await users(store, "d");
    expect(await changedMessageIds(store, d!.id)).toEqual([]);
    expect(await changedMessageIds(store, a!.id, await store.changeHead())).toEqual([]);
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

  it("the change log: each change once, to those it concerns, with the removed told and cut off", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    const { conversation: team } = await group(store, a!, [b!, c!], "team");
    const start = { a: (await readAll(store, a!.id)).end, b: (await readAll(store, b!.id)).end, c: (await readAll(store, c!.id)).end };
    const page = async (user: { id: number }, from: ChangePosition) => {
      const { pages } = await readAll(store, user.id, from, 2);
      return { messages: pages.flatMap((p) => p.messages), conversations: [...new Set(pages.flatMap((p) => p.conversationIds))] };
    };

    const renamed = await store.renameGroup({ conversationId: team.id, actorId: a!.id, title: "renamed", notice: notice(a!, "renamed") });
    if (!("notice" in renamed)) throw new Error("refused");
    const said = await send(store, team.id, b!, "before c leaves");
    await store.setMuted(team.id, b!.id, true);
    const removed = await store.removeMember({
      conversationId: team.id,
      actorId: a!.id,
      targetId: c!.id,
      notice: notice(a!, "removed c"),
      heirNotice: (heir) => notice(heir, "heir"),
    });
    if (!("notices" in removed)) throw new Error("refused");
    const afterRemoval = await send(store, team.id, a!, "c cannot see this");
    const fresh = await store.getOrCreatePrivateConversation(b!.id, c!.id, T0);

    const forA = await page(a!, start.a);
    expect(forA.messages).toEqual([renamed.notice, said, removed.notices[0], afterRemoval]);
    expect(forA.conversations).toEqual([team.id]);
    // b: the same, plus their own mute and their new private conversation.
    const forB = await page(b!, start.b);
    expect(forB.messages).toEqual(forA.messages);
    expect(forB.conversations.sort()).toEqual([team.id, fresh.id].sort());
    // c: told the group changed for them (their membership is gone: the domain says "removed"),
    // and nothing that was written there; the new conversation.
    const forC = await page(c!, start.c);
    expect(forC.messages).toEqual([]);
    expect(forC.conversations.sort()).toEqual([team.id, fresh.id].sort());
    expect(await store.findMembership(team.id, c!.id)).toBeUndefined();
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
    // The lobby's audience is its room: no member list is read for a message there.
    const inLobby = await store.storeMessage(text(lobby.id, a!, "no list"));
    expect(inLobby).toMatchObject({ kind: "stored", conversation: { id: lobby.id, kind: "lobby" }, memberIds: null });
    const joinedB = await store.joinLobby({ lobbyId: lobby.id, userId: b!.id, at: T0, notice: notice(b!, "b joined") });
    expect(await store.findMembership(lobby.id, b!.id)).toMatchObject({ visibleFromId: 0, role: "member" });
    const noList = inLobby.kind === "stored" ? inLobby.message.id : -1;
    expect(await changedMessageIds(store, b!.id)).toEqual([joinedA!.id, before.id, noList, joinedB!.id]);
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
    const newest = (await send(store, conversation.id, b!, "mine")).id;
    expect(await store.countUnread(conversation.id, b!.id, 0)).toBe(3); // not the notice, not b's own
    const beforeDeleting = await store.changeHead();
    const del = (messageId: number, actorId: number, conversationId = conversation.id) =>
      store.deleteMessage({ conversationId, messageId, actorId, at: T0 + 9 });
    // Only the sender or the group's admin; members only; text only.
    expect(await del(m2.id, b!.id)).toEqual({ refused: "not_admin" });
    expect(await del(m2.id, c!.id)).toEqual({ refused: "not_member" });
    expect(await del(created.id, a!.id)).toEqual({ refused: "not_found" });
    expect(await del(m1.id, a!.id, conversation.id + 1000)).toEqual({ refused: "not_member" });
    expect(await del(m2.id, a!.id)).toEqual({ deleted: true, message: { ...m2, body: "", deleted: true }, files: [] });
    expect(await del(m2.id, a!.id)).toEqual({ deleted: false, message: { ...m2, body: "", deleted: true }, files: [] });
    expect(await store.findMessage(conversation.id, m2.id)).toEqual({ ...m2, body: "", deleted: true });
    // The deletion is in the log once, with the message as it is now.
    const logged = await readAll(store, b!.id, beforeDeleting);
    expect(logged.pages.flatMap((p) => p.messages)).toEqual([{ ...m2, body: "", deleted: true }]);
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
    await store.deleteMessage({ conversationId: team.id, messageId: deleted.id, actorId: b!.id, at: T0 + 3 });
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
      mentioned: false,
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
    expect(await store.deleteMessage({ conversationId: chat.id, messageId: huge, actorId: a!.id, at: T0 })).toEqual({ refused: "not_found" });
    expect((await store.listMessagesBefore(chat.id, huge, 10, 0)).map((x) => x.id)).toEqual([m.id]);
    expect(await store.listMessagesAfter(chat.id, huge, 10)).toEqual([]);
    expect(await changedMessageIds(store, a!.id, { tx: huge, seq: huge })).toEqual([]);
    expect(await store.creationPosition(huge)).toEqual(await store.creationPosition(m.id));
    expect(await store.countUnread(chat.id, b!.id, huge)).toBe(0);
    expect(await store.advanceReceipt(chat.id, b!.id, huge, huge)).toEqual({ receipt: { lastDeliveredId: m.id, lastReadId: m.id }, changed: true });
    expect(await store.advanceReceipt(huge, b!.id, 1, 1)).toBeUndefined();
    expect(await store.listMemberIds(huge)).toEqual([]);
    expect(await store.isBlockedEitherWay(a!.id, huge)).toBe(false);
  });

  it("files: uploads by members, attached once with the message, readable by members, removed with it or when stale", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    const chat = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const other = await store.getOrCreatePrivateConversation(a!.id, c!.id, T0);
    const file = (uploaderId: number, conversationId: number, name: string, createdAt = T0 + 1) =>
      store.createUpload({
        conversationId,
        uploaderId,
        storageKey: `key-${name}-${randomUUID()}`,
        thumbnailKey: name.endsWith(".jpg") ? `thumb-${randomUUID()}` : null,
        name,
        type: name.endsWith(".jpg") ? "image/jpeg" : "application/pdf",
        size: 1000,
        width: name.endsWith(".jpg") ? 30 : null,
        height: name.endsWith(".jpg") ? 20 : null,
        createdAt,
      });
    expect(await file(c!.id, chat.id, "stranger.pdf")).toBeUndefined();
    const photo = (await file(a!.id, chat.id, "p.jpg"))!;
    const doc = (await file(a!.id, chat.id, "d.pdf"))!;
    const elsewhere = (await file(a!.id, other.id, "e.pdf"))!;
    const bens = (await file(b!.id, chat.id, "b.pdf"))!;
    expect(photo).toMatchObject({ conversationId: chat.id, uploaderId: a!.id, messageId: null, name: "p.jpg", size: 1000, width: 30 });
    expect(await store.uploadedBytesSince(a!.id, T0)).toBe(3000);
    expect(await store.uploadedBytesSince(a!.id, T0 + 2)).toBe(0);
    // Before sending, its uploader alone may read it.
    expect(await store.findReadableUpload(photo.id, a!.id)).toMatchObject({ id: photo.id });
    expect(await store.findReadableUpload(photo.id, b!.id)).toBeUndefined();

    // Only one's own uploads, in this conversation, not sent yet.
    for (const ids of [[bens.id], [elsewhere.id], [photo.id, 999_999]]) {
      expect(await store.storeMessage({ ...text(chat.id, a!, ""), attachmentIds: ids })).toEqual({ kind: "bad_attachments" });
    }
    const draft = { ...text(chat.id, a!, "look"), attachmentIds: [doc.id, photo.id] };
    const stored = await store.storeMessage(draft);
    if (stored.kind !== "stored") throw new Error(stored.kind);
    expect(stored.message.attachments).toEqual([
      { id: doc.id, name: "d.pdf", type: "application/pdf", size: 1000, width: null, height: null, thumbnail: false },
      { id: photo.id, name: "p.jpg", type: "image/jpeg", size: 1000, width: 30, height: 20, thumbnail: true },
    ]);
    expect("attachmentIds" in stored.message).toBe(false);
    // A retry answers with the same message; the files cannot go with another one.
    expect(await store.storeMessage(draft)).toEqual({ kind: "existing", message: stored.message });
    expect(await store.storeMessage({ ...text(chat.id, a!, "again"), attachmentIds: [doc.id] })).toEqual({ kind: "bad_attachments" });
    // Every read of the message carries them: history, the list, the log.
    expect((await store.listMessagesAfter(chat.id, 0, 10)).at(-1)?.attachments).toEqual(stored.message.attachments);
    expect((await store.listConversations(b!.id)).summaries.find((s) => s.id === chat.id)?.lastMessage?.attachments).toEqual(stored.message.attachments);
    expect((await readAll(store, b!.id)).pages.flatMap((p) => p.messages).at(-1)?.attachments).toEqual(stored.message.attachments);
    // Now the members read them; nobody else does.
    expect(await store.findReadableUpload(photo.id, b!.id)).toMatchObject({ id: photo.id, messageId: stored.message.id });
    expect(await store.findReadableUpload(photo.id, c!.id)).toBeUndefined();

    // Stale: only uploads never sent, and only those older than the cut.
    const stale = (await file(a!.id, chat.id, "old.pdf", T0 - 10))!;
    expect(await store.removeStaleUploads(T0, 10)).toEqual([{ storageKey: stale.storageKey, thumbnailKey: null }]);
    expect(await store.findReadableUpload(stale.id, a!.id)).toBeUndefined();

    // Deleting the message removes its uploads and hands back where their bytes are.
    const deleted = await store.deleteMessage({ conversationId: chat.id, messageId: stored.message.id, actorId: a!.id, at: T0 + 5 });
    if ("refused" in deleted) throw new Error(deleted.refused);
    expect(deleted.message.attachments).toEqual([]);
    expect(deleted.files.map((f) => f.storageKey).sort()).toEqual([doc.storageKey, photo.storageKey].sort());
    expect(deleted.files.find((f) => f.storageKey === photo.storageKey)?.thumbnailKey).toBe(photo.thumbnailKey);
    expect(await store.findReadableUpload(photo.id, b!.id)).toBeUndefined();
    expect((await store.findMessage(chat.id, stored.message.id))?.attachments).toEqual([]);
  });

  it("edits: the sender's own text, within the window, the old text kept, each change logged once", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    const chat = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const m = await send(store, chat.id, a!, "first");
    const before = await store.changeHead();
    const edit = (actorId: number, body: string, notBefore = T0, messageId = m.id) =>
      store.editMessage({ conversationId: chat.id, messageId, actorId, body, at: T0 + 50, notBefore });
    expect(await edit(b!.id, "not yours")).toEqual({ refused: "not_sender" });
    expect(await edit(c!.id, "not a member")).toEqual({ refused: "not_member" });
    expect(await edit(a!.id, "too late", T0 + 2)).toEqual({ refused: "window_over" });
    expect(await edit(a!.id, "nothing there", T0, m.id + 1000)).toEqual({ refused: "not_found" });
    expect(await edit(a!.id, "first")).toEqual({ changed: false, message: m });
    const done = await edit(a!.id, "second");
    expect(done).toEqual({ changed: true, message: { ...m, body: "second", editedAt: T0 + 50 } });
    expect(await store.findMessage(chat.id, m.id)).toEqual({ ...m, body: "second", editedAt: T0 + 50 });
    await edit(a!.id, "third");
    expect(await store.listEdits(m.id)).toEqual([
      { body: "first", editedAt: T0 + 50 },
      { body: "second", editedAt: T0 + 50 },
    ]);
    // Both edits are in the log; the reader gets the message once, as it is now.
    expect((await readAll(store, b!.id, before)).pages.flatMap((p) => p.messages)).toEqual([{ ...m, body: "third", editedAt: T0 + 50 }]);
    // A deleted message is not edited.
    await store.deleteMessage({ conversationId: chat.id, messageId: m.id, actorId: a!.id, at: T0 + 60 });
    expect(await edit(a!.id, "again")).toEqual({ refused: "not_found" });
  });

  it("replies: to a text message the sender sees, quoted as each reader may see it, following edits and deletion", async () => {
    const store = await make();
    const [a, b, c] = await users(store, "a", "b", "c");
    const group = await store.createGroup({ title: "g", creatorId: a!.id, memberIds: [b!.id], at: T0, notice: notice(a!, "created") });
    const original = await send(store, group.conversation.id, a!, "the original");
    await store.addMembers({ conversationId: group.conversation.id, actorId: a!.id, userIds: [c!.id], at: T0, notice: notice(a!, "added c") });
    const other = await store.getOrCreatePrivateConversation(a!.id, c!.id, T0);
    const elsewhere = await send(store, other.id, a!, "elsewhere");
    const replyTo = (sender: { id: number; username: string }, replyToId: number, clientId?: string) =>
      store.storeMessage({ ...text(group.conversation.id, sender, "an answer", clientId), replyToId });

    // Nothing the sender cannot see, nothing elsewhere, no notice, nothing missing.
    expect(await replyTo(c!, original.id)).toEqual({ kind: "bad_reply" });
    expect(await replyTo(a!, elsewhere.id)).toEqual({ kind: "bad_reply" });
    expect(await replyTo(a!, group.notice.id)).toEqual({ kind: "bad_reply" });
    expect(await replyTo(a!, original.id + 10_000)).toEqual({ kind: "bad_reply" });

    const stored = await replyTo(b!, original.id, "reply-1");
    const quote = { id: original.id, visible: true, senderId: a!.id, senderName: "a", body: "the original", kind: "text", deleted: false, attachments: [] };
    expect(stored).toMatchObject({ kind: "stored", message: { replyTo: quote }, replyHiddenFrom: [c!.id] });
    if (stored.kind !== "stored") return;
    const id = stored.message.id;
    // A retry is answered with the message, even once the original is gone.
    expect(await replyTo(b!, original.id, "reply-1")).toEqual({ kind: "existing", message: stored.message });
    expect(await store.listMembersNotSeeing(group.conversation.id, original.id)).toEqual([c!.id]);

    // The quote is read with the reply, as each reader sees it.
    const history = async (fromId: number) => (await store.listMessagesBefore(group.conversation.id, id + 1, 1, fromId))[0]?.replyTo;
    expect(await history(0)).toEqual(quote);
    const cFrom = (await store.findMembership(group.conversation.id, c!.id))!.visibleFromId;
    expect(await history(cFrom)).toEqual({ id: original.id, visible: false });
    expect((await store.listMessagesAfter(group.conversation.id, id - 1, 1, cFrom))[0]?.replyTo).toEqual({ id: original.id, visible: false });
    const catchUp = await store.readChanges(c!.id, LOG_START, 100);
    expect(catchUp.messages.find((m) => m.id === id)?.replyTo).toEqual({ id: original.id, visible: false });
    const listed = await store.listConversations(c!.id);
    expect(listed.summaries.find((s) => s.id === group.conversation.id)?.lastMessage?.replyTo).toEqual({ id: original.id, visible: false });

    await store.editMessage({ conversationId: group.conversation.id, messageId: original.id, actorId: a!.id, body: "edited", at: T0 + 5, notBefore: T0 });
    expect((await store.findMessage(group.conversation.id, id))?.replyTo).toEqual({ ...quote, body: "edited" });
    await store.deleteMessage({ conversationId: group.conversation.id, messageId: original.id, actorId: a!.id, at: T0 + 6 });
    expect((await store.findMessage(group.conversation.id, id))?.replyTo).toEqual({ ...quote, body: "", deleted: true });
    expect(await replyTo(b!, original.id)).toEqual({ kind: "bad_reply" });
  });

  it("mentions: members called by username are recorded with the message, marking their list until read", async () => {
    const store = await make();
    const [a, b, c, d] = await users(store, "ma", "mb", "mc", "md");
    const group = await store.createGroup({ title: "g", creatorId: a!.id, memberIds: [b!.id, c!.id], at: T0, notice: notice(a!, "created") });
    const id = group.conversation.id;
    const stored = await store.storeMessage({ ...text(id, a!, "@mb @MC @md @ma"), mentions: ["mb", "mc", "md", "ma", "nobody"] });
    expect(stored).toMatchObject({ kind: "stored", mentionedIds: [b!.id, c!.id].sort((x, y) => x - y) });
    if (stored.kind !== "stored") return;
    const mentionedFor = async (userId: number) => (await store.listConversations(userId)).summaries.find((s) => s.id === id)?.mentioned;
    expect(await mentionedFor(b!.id)).toBe(true);
    expect(await mentionedFor(a!.id)).toBe(false);
    await store.advanceReceipt(id, b!.id, stored.message.id, stored.message.id);
    expect(await mentionedFor(b!.id)).toBe(false);
    await store.deleteMessage({ conversationId: id, messageId: stored.message.id, actorId: a!.id, at: T0 + 1 });
    expect(await mentionedFor(c!.id)).toBe(false);
    expect(d).toBeDefined();
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

describe("PostgreSQL only: the change log is read in commit order", () => {
  it("a change with a smaller number that commits after a larger one is still delivered, after it", async () => {
    const url = await createDatabase(holdingClusterUrl());
    const store = await makePostgres(url);
    const [a, b, c] = await users(store, "a", "b", "c");
    const withB = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const withC = await store.getOrCreatePrivateConversation(a!.id, c!.id, T0);
    const start = (await readAll(store, a!.id)).end;

    // Another instance's storeMessage, paused between its insert and its commit: it draws the
    // smaller change number (and the older transaction id).
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      const { rows } = await holder.query<{ id: number }>(
        "INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at) VALUES ($1, $2, 'first', 'held', $3) RETURNING id",
        [withB.id, b!.id, T0],
      );
      const held = rows[0]!.id;
      const { rows: logged } = await holder.query<{ seq: string }>(
        "INSERT INTO changes (kind, conversation_id, message_id) VALUES ('message', $1, $2) RETURNING seq",
        [withB.id, held],
      );

      // A second writer, in another conversation, is not held up: it commits first, with a larger number.
      const second = await send(store, withC.id, c!, "second");
      const { rows: secondRow } = await holder.query<{ seq: string }>("SELECT seq FROM changes WHERE message_id = $1", [second.id]);
      expect(Number(secondRow[0]!.seq)).toBeGreaterThan(Number(logged[0]!.seq));

      // Catch-up now must not hand out a place past the held change: it returns neither yet
      // (the second sorts after the first), and its place is before both. It gives the older
      // writer its grace period first, and only then leaves the committed second for later.
      const began = Date.now();
      const during = await readAll(store, a!.id, start);
      expect(during.pages.flatMap((p) => p.messages)).toEqual([]);
      expect(Date.now() - began).toBeGreaterThanOrEqual(1_900);

      // A read under way when the older writer commits waits for it and gets both.
      const waiting = changedMessageIds(store, a!.id, during.end);
      await holder.query("COMMIT");
      expect(await waiting).toEqual([held, second.id]);
      // From that place, both, each once, the late committer's first.
      const after = await readAll(store, a!.id, during.end, 1);
      expect(after.pages.flatMap((p) => p.messages.map((m) => m.id))).toEqual([held, second.id]);
      expect(await changedMessageIds(store, a!.id, after.end)).toEqual([]);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
    }
  });

  it("sends arriving together share transactions, each with its own answer", async () => {
    const url = await freshPostgresUrl();
    const store = await makePostgres(url);
    const [a, b, c] = await users(store, "a", "b", "c");
    const chat = await store.getOrCreatePrivateConversation(a!.id, b!.id, T0);
    const other = await store.getOrCreatePrivateConversation(a!.id, c!.id, T0);
    await store.block(c!.id, a!.id, T0);
    const drafts = [
      text(chat.id, a!, "first", "same-id"),
      text(chat.id, c!, "not a member"),
      text(chat.id, a!, "a retry in the same breath", "same-id"),
      text(other.id, a!, "across a block"),
      ...Array.from({ length: 40 }, (_, i) => text(chat.id, i % 2 ? a! : b!, `m${i}`)),
    ];
    const results = await Promise.all(drafts.map((d) => store.storeMessage(d)));
    expect(results[0]).toMatchObject({ kind: "stored", memberIds: [a!.id, b!.id].sort((x, y) => x - y) });
    expect(results[1]).toEqual({ kind: "not_member" });
    expect(results[2]).toEqual({ kind: "existing", message: results[0]!.kind === "stored" ? results[0]!.message : null });
    expect(results[3]).toEqual({ kind: "blocked" });
    expect(results.slice(4).every((r) => r.kind === "stored")).toBe(true);
    const stored = await store.listMessagesAfter(chat.id, 0, 100);
    expect(stored.map((m) => m.body).sort()).toEqual(["first", ...Array.from({ length: 40 }, (_, i) => `m${i}`)].sort());

    // They did share: fewer transactions than messages wrote the log.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ rows: number; txs: number }>(
        "SELECT count(*)::int AS rows, count(DISTINCT tx)::int AS txs FROM changes WHERE kind = 'message' AND conversation_id = $1",
        [chat.id],
      );
      expect(rows[0]!.rows).toBe(41);
      expect(rows[0]!.txs).toBeLessThan(41);
    } finally {
      await client.end();
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
