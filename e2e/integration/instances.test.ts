import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/chat/types";
import { PRESENCE_GRACE_MS } from "@/lib/realtime/presence";
import { INSTANCE_DEAD_AFTER_MS } from "@/lib/realtime/shared-presence";
import { api, collect, connect, nextEvent, presenceOf, signUp, type RunningServer, type TestUser } from "./harness";
import { twoInstancesWithRedis } from "./server-for-file";

const cluster = twoInstancesWithRedis();
let a: RunningServer;
let b: RunningServer;
beforeAll(() => {
  ({ a, b } = cluster);
});
const on = cluster.on;

const presenceFrom = (server: RunningServer, viewer: TestUser, userId: number) => presenceOf(server.url, viewer, userId);

describe("two instances over Redis", () => {
  it("relays socket and HTTP sends between people on different instances", async () => {
    const [alice, bob] = await Promise.all([signUp(a.url), signUp(a.url)]);
    const { body } = await api<{ conversation: { id: number } }>(b.url, "/api/conversations", { cookie: alice.cookie, body: { userId: bob.id } });
    const conversationId = body.conversation.id;
    const [onA, onB] = await Promise.all([on(a, alice), on(b, bob)]);

    const clientId = randomUUID().replaceAll("-", "");
    const atBob = nextEvent(onB, "message:new", (m) => m.clientId === clientId);
    const ack = await onA.emitWithAck("message:send", { conversationId, body: "across instances", clientId });
    expect(ack.ok).toBe(true);
    expect((await atBob).body).toBe("across instances");

    const httpId = randomUUID().replaceAll("-", "");
    const atAlice = nextEvent(onA, "message:new", (m) => m.clientId === httpId);
    const posted = await api<{ message: ChatMessage }>(b.url, `/api/conversations/${conversationId}/messages`, {
      cookie: bob.cookie,
      body: { body: "http on B", clientId: httpId },
    });
    expect(await atAlice).toEqual(posted.body.message);
  });

  it("shares presence: online on either instance, offline only when gone from both", async () => {
    const [watcher, bob] = await Promise.all([signUp(a.url), signUp(a.url)]);
    const w = await on(a, watcher);
    const updates = collect(w, "presence:update");
    const cameOnline = nextEvent(w, "presence:update", (u) => u.userId === bob.id && u.online);
    const tabOnB = await connect(b.url, bob);
    await cameOnline;
    expect(await presenceFrom(a, watcher, bob.id)).toMatchObject({ online: true });

    const tabOnA = await connect(a.url, bob);
    tabOnB.disconnect();
    const wentOffline = nextEvent(w, "presence:update", (u) => u.userId === bob.id && !u.online, PRESENCE_GRACE_MS + 5000);
    // Past the grace period Bob is still online through his tab on A.
    await new Promise((resolve) => setTimeout(resolve, PRESENCE_GRACE_MS + 1000));
    expect(await presenceFrom(b, watcher, bob.id)).toMatchObject({ online: true });
    tabOnA.disconnect();
    await wentOffline;
    expect(await presenceFrom(b, watcher, bob.id)).toMatchObject({ online: false });
    expect(updates.filter((u) => u.userId === bob.id).map((u) => u.online)).toEqual([true, false]);
  });

  it("announces the users of a killed instance offline within a bounded time", { timeout: 60_000 }, async () => {
    const [watcher, carol] = await Promise.all([signUp(a.url), signUp(a.url)]);
    const w = await on(a, watcher);
    const cameOnline = nextEvent(w, "presence:update", (u) => u.userId === carol.id && u.online);
    await connect(b.url, carol);
    await cameOnline;

    const bound = INSTANCE_DEAD_AFTER_MS + 15_000;
    const wentOffline = nextEvent(w, "presence:update", (u) => u.userId === carol.id && !u.online, bound);
    const killedAt = Date.now();
    await b.kill();
    const update = await wentOffline;
    console.log(`offline announced ${Date.now() - killedAt} ms after SIGKILL`);
    expect(update.lastSeenAt).not.toBeNull();
    expect(await presenceFrom(a, watcher, carol.id)).toMatchObject({ online: false });
  });
});
