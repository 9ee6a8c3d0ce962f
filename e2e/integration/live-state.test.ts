import { beforeAll, describe, expect, it, vi } from "vitest";
import type { MemberReceipt } from "@/lib/chat/types";
import type { Ack } from "@/lib/realtime/events";
import { PRESENCE_GRACE_MS } from "@/lib/realtime/presence";
import { TYPING_TTL_MS } from "@/lib/realtime/typing";
import {
  collect,
  connect,
  conversationSummary,
  nextEvent,
  openConversation,
  presenceOf as presenceOfIn,
  send,
  signUp,
  type TestSocket,
  type TestUser,
} from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();
let url: string;
beforeAll(() => {
  url = app.url;
});
const online = (user: TestUser) => app.online(user);

async function pair(): Promise<{ a: TestUser; b: TestUser; conversationId: number }> {
  const [a, b] = await Promise.all([signUp(url), signUp(url)]);
  return { a, b, conversationId: await openConversation(url, a, b) };
}


const receipt = (socket: TestSocket, kind: "receipt:delivered" | "receipt:read", conversationId: number, messageId: number) =>
  socket.emitWithAck(kind, { conversationId, messageId }) as Promise<Ack<{ receipt: MemberReceipt }>>;

const summary = (user: TestUser, conversationId: number) => conversationSummary(url, user, conversationId);
const presenceOf = (viewer: TestUser, userId: number) => presenceOfIn(url, viewer, userId);

describe("presence", () => {
  it("gathers a burst of connections into one broadcast instead of one per person", async () => {
    const watcherUser = await signUp(url);
    const watcher = await online(watcherUser);
    await nextEvent(watcher, "presence:update", (u) => u.userId === watcherUser.id);
    const people = await Promise.all(Array.from({ length: 6 }, () => signUp(url)));
    const ids = new Set(people.map((p) => p.id));
    const batches = collect(watcher, "presence:batch");
    const singles = collect(watcher, "presence:update");
    await Promise.all(people.map((p) => online(p)));
    await vi.waitUntil(() => people.every((p) => singles.some((u) => u.userId === p.id && u.online)), { timeout: 5000 });
    // Every person arrives exactly once, and in fewer broadcasts than people.
    expect(singles.filter((u) => ids.has(u.userId)).map((u) => u.userId).sort()).toEqual([...ids].sort());
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.length).toBeLessThan(people.length);
  });

  it("stays online while one of two tabs is open, and goes offline with a last-seen time after the grace period", async () => {
    const [watcher, ivy] = await Promise.all([signUp(url), signUp(url)]);
    const w = await online(watcher);
    const updates = collect(w, "presence:update");
    const cameOnline = nextEvent(w, "presence:update", (u) => u.userId === ivy.id && u.online);
    const tab1 = await connect(url, ivy);
    const tab2 = await connect(url, ivy);
    expect(await cameOnline).toEqual({ userId: ivy.id, username: ivy.username, online: true, lastSeenAt: null });

    tab1.disconnect();
    const wentOffline = nextEvent(w, "presence:update", (u) => u.userId === ivy.id && !u.online, PRESENCE_GRACE_MS + 5000);
    const closedAt = Date.now();
    tab2.disconnect();
    expect(await presenceOf(watcher, ivy.id)).toMatchObject({ online: true }); // still inside the grace period
    const offline = await wentOffline;
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(PRESENCE_GRACE_MS - 100);
    expect(Date.parse(offline.lastSeenAt ?? "")).toBeGreaterThanOrEqual(closedAt - 1000);

    expect(await presenceOf(watcher, ivy.id)).toEqual({
      id: ivy.id,
      username: ivy.username,
      displayName: null,
      avatarUrl: null,
      online: false,
      lastSeenAt: offline.lastSeenAt,
      blocked: false,
    });
    // Closing the first of two tabs announced nothing: one "online", then one "offline".
    expect(updates.filter((u) => u.userId === ivy.id).map((u) => u.online)).toEqual([true, false]);
  });

  it("does not flash offline when a tab reloads (reconnects within the grace period)", async () => {
    const [watcher, jay] = await Promise.all([signUp(url), signUp(url)]);
    const w = await online(watcher);
    const updates = collect(w, "presence:update");
    const first = await connect(url, jay);
    await nextEvent(w, "presence:update", (u) => u.userId === jay.id);
    first.disconnect();
    const reloaded = await online(jay);
    expect(reloaded.connected).toBe(true);
    // Wait past the grace period, fenced by another person's arrival which is announced after it.
    await new Promise((resolve) => setTimeout(resolve, PRESENCE_GRACE_MS + 500));
    const fence = await signUp(url);
    const fenceSeen = nextEvent(w, "presence:update", (u) => u.userId === fence.id);
    await online(fence);
    await fenceSeen;
    expect(updates.filter((u) => u.userId === jay.id).map((u) => u.online)).toEqual([true]);
    expect(await presenceOf(watcher, jay.id)).toMatchObject({ online: true, lastSeenAt: null });
  });
});

describe("typing", () => {
  it("reaches the other member, stops on send, and expires without a refresh", async () => {
    const { a, b, conversationId } = await pair();
    const [as, bs] = await Promise.all([online(a), online(b)]);

    const started = nextEvent(bs, "typing", (t) => t.typing);
    expect(await as.emitWithAck("typing", { conversationId, typing: true })).toEqual({ ok: true });
    expect(await started).toEqual({ conversationId, userId: a.id, username: a.username, typing: true });

    const stoppedBySend = nextEvent(bs, "typing", (t) => !t.typing);
    await send(as, conversationId, "done typing");
    expect(await stoppedBySend).toMatchObject({ userId: a.id, typing: false });

    const restarted = nextEvent(bs, "typing", (t) => t.typing);
    as.emit("typing", { conversationId, typing: true });
    await restarted;
    const startedAt = Date.now();
    const expired = await nextEvent(bs, "typing", (t) => !t.typing, TYPING_TTL_MS + 3000);
    expect(expired).toMatchObject({ userId: a.id, typing: false });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(TYPING_TTL_MS - 200);
  });

  it("stops when the typer leaves, and is refused for non-members", async () => {
    const { a, b, conversationId } = await pair();
    const outsider = await signUp(url);
    const [bs, os] = await Promise.all([online(b), online(outsider)]);
    const as = await connect(url, a);
    const started = nextEvent(bs, "typing", (t) => t.typing);
    as.emit("typing", { conversationId, typing: true });
    await started;
    const stopped = nextEvent(bs, "typing", (t) => !t.typing, 2000);
    as.disconnect();
    expect(await stopped).toMatchObject({ userId: a.id });

    expect(await os.emitWithAck("typing", { conversationId, typing: true })).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
    expect(await os.emitWithAck("typing", { conversationId, typing: "yes" } as never)).toMatchObject({ ok: false });
  });
});

describe("delivered and read", () => {
  it("moves positions forward only, never past the newest message, and tells the sender live", async () => {
    const { a, b, conversationId } = await pair();
    const [as, bs] = await Promise.all([online(a), online(b)]);
    const m1 = await send(as, conversationId, "one");
    const m2 = await send(as, conversationId, "two");

    const deliveredAtSender = nextEvent(as, "receipt:update", (r) => r.userId === b.id && r.lastDeliveredId === m2.id);
    expect(await receipt(bs, "receipt:delivered", conversationId, m2.id)).toEqual({
      ok: true,
      receipt: { userId: b.id, lastDeliveredId: m2.id, lastReadId: 0 },
    });
    expect(await deliveredAtSender).toEqual({ conversationId, userId: b.id, lastDeliveredId: m2.id, lastReadId: 0 });

    const readAtSender = nextEvent(as, "receipt:update", (r) => r.userId === b.id && r.lastReadId === m1.id);
    await receipt(bs, "receipt:read", conversationId, m1.id);
    expect(await readAtSender).toMatchObject({ lastDeliveredId: m2.id, lastReadId: m1.id });

    // Backwards and beyond the newest message are both clamped.
    expect(await receipt(bs, "receipt:read", conversationId, 1)).toMatchObject({ receipt: { lastReadId: m1.id } });
    expect(await receipt(bs, "receipt:read", conversationId, m2.id + 1000)).toMatchObject({
      receipt: { lastReadId: m2.id, lastDeliveredId: m2.id },
    });

    // After a reload the sender sees the same positions.
    const stored = await summary(a, conversationId);
    expect(stored?.receipts).toContainEqual({ userId: b.id, lastDeliveredId: m2.id, lastReadId: m2.id });
  });

  it("refuses receipts from non-members and for malformed payloads", async () => {
    const { conversationId } = await pair();
    const outsider = await online(await signUp(url));
    expect(await receipt(outsider, "receipt:read", conversationId, 1)).toEqual({ ok: false, error: "Conversation not found", code: "not_member" });
    expect(await outsider.emitWithAck("receipt:read", { conversationId } as never)).toMatchObject({ ok: false });
  });
});

describe("unread counts", () => {
  it("counts others' messages after my read position, after a reload and after reading in another tab", async () => {
    const { a, b, conversationId } = await pair();
    const as = await online(a);
    const [tab1, tab2] = await Promise.all([online(b), online(b)]);
    await send(as, conversationId, "one");
    await send(as, conversationId, "two");
    const three = await send(as, conversationId, "three");
    await send(await online(b), conversationId, "my own reply does not count");

    expect(await summary(b, conversationId)).toMatchObject({ unreadCount: 3 });
    expect(await summary(a, conversationId)).toMatchObject({ unreadCount: 1 });

    const clearedInOtherTab = nextEvent(tab2, "receipt:update", (r) => r.userId === b.id && r.unreadCount === 0);
    await receipt(tab1, "receipt:read", conversationId, three.id);
    expect(await clearedInOtherTab).toMatchObject({ conversationId, lastReadId: three.id, unreadCount: 0 });
    expect(await summary(b, conversationId)).toMatchObject({ unreadCount: 0 });

    await send(as, conversationId, "four");
    expect(await summary(b, conversationId)).toMatchObject({ unreadCount: 1 });
  });
});
