import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { createSqliteStore } from "@/db/sqlite/store";
import type { Store } from "@/db/store";
import { parseConfig, type AppConfig } from "../config";
import { PresenceTracker } from "../realtime/presence";
import { createRateLimits, type RateLimits } from "../security/rate-limits";
import { registerUser, verifyCredentials } from "./accounts";
import { getHistory, listConversations, listPeople, openPrivateConversation } from "./conversations";
import { ChatError } from "./errors";
import { sendMessage } from "./messages";
import { blockUser } from "./moderation";
import { silentNotifier, type ChatEvent, type Notifier } from "./notifications";
import type { PublicUser } from "./types";

let services: { config: AppConfig; store: Store; presence: PresenceTracker; notifier: Notifier; rateLimits: RateLimits };

beforeEach(() => {
  const dir = mkdtempSync(path.join(tmpdir(), "chat-domain-"));

  const config = parseConfig({ DATA_DIR: dir, SEND_BURST: "5", SEND_RATE_PER_SEC: "1", REGISTER_PER_ADDRESS_PER_HOUR: "1000" });
  services = { config, store: createSqliteStore(openDatabase(path.join(dir, "test.db"))), presence: new PresenceTracker(), notifier: silentNotifier, rateLimits: createRateLimits(config) };
});
afterEach(() => services.store.close());

const register = (username: string) => registerUser(services, { username, password: "password123" }, "127.0.0.1");

async function expectChatError(run: () => unknown, code: ChatError["code"]) {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ChatError);
    expect((error as ChatError).code).toBe(code);
    return;
  }
  throw new Error(`expected ChatError ${code}`);
}

describe("accounts", () => {
  it("stores only a salted scrypt hash and verifies the password", async () => {
    const alice = await register("alice");
    const row = await services.store.findUserByUsername("ALICE");
    expect(row?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row?.passwordHash).not.toContain("password123");
    expect(await verifyCredentials(services, { username: "alice", password: "password123" })).toEqual({ ...alice, sessionEpoch: 0 });
    expect(await verifyCredentials(services, { username: "alice", password: "password124" })).toBeNull();
    expect(await verifyCredentials(services, { username: "nobody", password: "password123" })).toBeNull();
  });

  it("refuses a name that differs only in case", async () => {
    await register("alice");
    await expectChatError(() => register("alice"), "conflict");
    expect(await services.store.createUser("ALICE", "x", 0)).toBeUndefined();
  });

  it("gives two registrations of one name racing each other one winner", async () => {
    const results = await Promise.allSettled([register("race"), register("race")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("conversations and messages", () => {
  let alice: PublicUser;
  let bob: PublicUser;
  let carol: PublicUser;

  beforeEach(async () => {
    [alice, bob, carol] = [await register("alice"), await register("bob"), await register("carol")];
  });

  it("get-or-creates one private conversation per pair", async () => {
    const a = await openPrivateConversation(services, alice.id, bob.id);
    expect((await openPrivateConversation(services, bob.id, alice.id)).id).toBe(a.id);
    expect(a.peer).toEqual(bob);
  });

  it("stores a message once per clientId and returns the stored copy on a retry", async () => {
    const { id } = await openPrivateConversation(services, alice.id, bob.id);
    const first = await sendMessage(services, alice, { conversationId: id, body: "hi", clientId: "client-0001" });
    const retry = await sendMessage(services, alice, { conversationId: id, body: "hi", clientId: "client-0001" });
    expect(first.created).toBe(true);
    expect(retry).toEqual({ message: first.message, created: false });
    // clientIds are per sender: Bob may use the same one.
    expect((await sendMessage(services, bob, { conversationId: id, body: "yo", clientId: "client-0001" })).created).toBe(true);
    expect((await getHistory(services, alice, id, {})).messages.map((m) => m.body)).toEqual(["hi", "yo"]);
  });

  it("refuses non-members with the same answer as a missing conversation", async () => {
    const { id } = await openPrivateConversation(services, alice.id, bob.id);
    await expectChatError(() => sendMessage(services, carol, { conversationId: id, body: "x", clientId: "client-0002" }), "not_member");
    await expectChatError(() => getHistory(services, carol, id, {}), "not_member");
    await expectChatError(() => getHistory(services, carol, 12345, {}), "not_member");
  });

  it("refuses sends beyond the burst with rate_limited and a wait, per sender", async () => {
    const { id } = await openPrivateConversation(services, alice.id, bob.id);
    const send = (user: PublicUser, i: number) => sendMessage(services, user, { conversationId: id, body: `b${i}`, clientId: `client-rl${user.id}${i}` });
    // One per second steady plus a burst of five.
    for (let i = 0; i < 6; i++) await send(alice, i);
    const refused = await send(alice, 6).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ChatError);
    expect(refused).toMatchObject({ code: "rate_limited", status: 429 });
    expect((refused as ChatError).retryAfterMs).toBeGreaterThan(0);
    expect((await send(bob, 0)).created).toBe(true);
    expect((await getHistory(services, alice, id, {})).messages.filter((m) => m.senderId === alice.id)).toHaveLength(6);
  });

  it("pages history by id and lists conversations by latest message", async () => {
    const ab = (await openPrivateConversation(services, alice.id, bob.id)).id;
    const ac = (await openPrivateConversation(services, alice.id, carol.id)).id;
    for (let i = 0; i < 5; i++) await sendMessage(services, alice, { conversationId: ab, body: `ab${i}`, clientId: `client-ab${i}` });
    await sendMessage(services, carol, { conversationId: ac, body: "latest", clientId: "client-ac01" });

    const page = (await getHistory(services, alice, ab, { limit: 2 }));
    expect(page.messages.map((m) => m.body)).toEqual(["ab3", "ab4"]);
    const older = (await getHistory(services, alice, ab, { limit: 10, before: page.nextCursor ?? 0 }));
    expect(older).toMatchObject({ nextCursor: null });
    expect(older.messages.map((m) => m.body)).toEqual(["ab0", "ab1", "ab2"]);

    expect((await listConversations(services, alice.id)).map((c) => [c.title, c.lastMessage?.body])).toEqual([
      ["Lobby", undefined],
      ["carol", "latest"],
      ["bob", "ab4"],
    ]);
    expect((await (await listPeople(services, alice.id))).map((p) => p.username)).toEqual(["bob", "carol"]);
  });
});

describe("events after commit", () => {
  it("publishes a message to its members once it is stored, and nothing for a retry or a refusal", async () => {
    const [alice, bob] = [await register("alice"), await register("bob")];
    const { id } = await openPrivateConversation(services, alice.id, bob.id);
    const published: { events: readonly ChatEvent[]; storedAtPublish: Promise<boolean>[] }[] = [];
    services.notifier = {
      publish(events) {
        // Whatever is announced must already be readable by anyone told about it: the read starts
        // here, at the moment of publishing.
        const storedAtPublish = events.map(async (e) =>
          "event" in e && e.event === "message:new" ? (await services.store.findMessage(id, e.args[0].id)) !== undefined : true,
        );
        published.push({ events, storedAtPublish });
      },
    };
    const { message } = await sendMessage(services, alice, { conversationId: id, body: "hi", clientId: "client-0001" });
    expect(published).toHaveLength(1);
    expect(published[0]?.events).toEqual([{ to: { users: [alice.id, bob.id] }, event: "message:new", args: [message] }]);
    expect(await Promise.all(published[0]?.storedAtPublish ?? [])).toEqual([true]);

    await sendMessage(services, alice, { conversationId: id, body: "hi", clientId: "client-0001" });
    expect(published).toHaveLength(1);

    (await blockUser(services, bob, alice.id));
    const afterBlock = published.length;
    await expectChatError(() => sendMessage(services, alice, { conversationId: id, body: "still there?", clientId: "client-0002" }), "forbidden");
    expect(published).toHaveLength(afterBlock);
  });
});
