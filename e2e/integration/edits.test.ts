// Editing one's own messages (issue 16, first part): through the socket and HTTP alike, live to
// every member and through catch-up to those away; nobody else's, nothing deleted, nothing after
// the window (the window itself: the store contract test), removed members hear nothing.
import { describe, expect, it } from "vitest";
import type { ChatMessage, MessagePage, SyncPage } from "@/lib/chat/types";
import { api, collect, nextEvent, openConversation, send, signUp } from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();

describe("editing messages", () => {
  it("changes one's own text for everyone: live, in history, and through catch-up for whoever was away", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const as = await app.online(ann);
    const original = await send(as, chat, "see you at 9");
    // Ben is away; his place in the log is from before the edit.
    const away = await api<SyncPage>(app.url, "/api/sync?after=0", { cookie: ben.cookie });

    const edited = await as.emitWithAck("message:edit", { conversationId: chat, messageId: original.id, body: "  see you at 10 " });
    expect(edited.ok).toBe(true);
    const message = edited.ok ? edited.message : (null as unknown as ChatMessage);
    expect(message).toMatchObject({ id: original.id, body: "see you at 10", clientId: original.clientId, createdAt: original.createdAt });
    expect(Date.parse(message.editedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(original.createdAt));

    const caughtUp = await api<SyncPage>(app.url, `/api/sync?after=${encodeURIComponent(away.body.cursor)}`, { cookie: ben.cookie });
    expect(caughtUp.body.messages).toEqual([message]);
    const history = await api<MessagePage>(app.url, `/api/conversations/${chat}/messages`, { cookie: ben.cookie });
    expect(history.body.messages.at(-1)).toEqual(message);

    // Online now: the next edit arrives live, over HTTP as over the socket.
    const bs = await app.online(ben);
    const live = nextEvent(bs, "message:updated", (m) => m.id === original.id);
    const patched = await api<{ message: ChatMessage }>(app.url, `/api/conversations/${chat}/messages/${original.id}`, {
      cookie: ann.cookie,
      method: "PATCH",
      body: { body: "see you at 11" },
    });
    expect(patched.status).toBe(200);
    expect(await live).toEqual(patched.body.message);
    // The same text again changes nothing and tells nobody.
    const again = await as.emitWithAck("message:edit", { conversationId: chat, messageId: original.id, body: "see you at 11" });
    expect(again.ok && again.message.editedAt).toBe(patched.body.message.editedAt);
  });

  it("refuses others' messages, deleted ones, notices, strangers and bad text, each with its code", async () => {
    const [ann, ben, eve] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const created = await api<{ conversation: { id: number } }>(app.url, "/api/groups", { cookie: ann.cookie, body: { title: "edits", userIds: [ben.id] } });
    const group = created.body.conversation.id;
    const [as, bs, es] = await Promise.all([app.online(ann), app.online(ben), app.online(eve)]);
    const mine = await send(as, group, "mine");
    const edit = (socket: typeof as, messageId: number, body: unknown) => socket.emitWithAck("message:edit", { conversationId: group, messageId, body } as never);

    expect(await edit(bs, mine.id, "hijacked")).toMatchObject({ ok: false, code: "forbidden" });
    expect(await edit(es, mine.id, "hijacked")).toMatchObject({ ok: false, code: "not_member" });
    expect(await edit(as, mine.id, "   ")).toMatchObject({ ok: false, code: "invalid" });
    expect(await edit(as, mine.id, "x".repeat(4001))).toMatchObject({ ok: false, code: "too_long" });
    const history = await api<MessagePage>(app.url, `/api/conversations/${group}/messages`, { cookie: ann.cookie });
    const notice = history.body.messages.find((m) => m.kind === "notice")!;
    expect(await edit(as, notice.id, "rewritten history")).toMatchObject({ ok: false, code: "not_found" });
    await api(app.url, `/api/conversations/${group}/messages/${mine.id}`, { cookie: ann.cookie, method: "DELETE" });
    expect(await edit(as, mine.id, "back from the dead")).toMatchObject({ ok: false, code: "not_found" });
    expect((await api(app.url, `/api/conversations/${group}/messages/${mine.id}`, { method: "PATCH", body: { body: "x" } })).status).toBe(401);
  });

  it("a removed member hears no edits", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const created = await api<{ conversation: { id: number } }>(app.url, "/api/groups", { cookie: ann.cookie, body: { title: "edits", userIds: [ben.id, cat.id] } });
    const group = created.body.conversation.id;
    const [as, bs, cs] = await Promise.all([app.online(ann), app.online(ben), app.online(cat)]);
    const message = await send(as, group, "before");
    const removed = nextEvent(cs, "conversation:changed", (c) => c.conversationId === group && c.removed);
    expect((await api(app.url, `/api/conversations/${group}/members/${cat.id}`, { cookie: ann.cookie, method: "DELETE" })).status).toBeLessThan(300);
    await removed;
    const catHeard = collect(cs, "message:updated");
    const benHeard = nextEvent(bs, "message:updated", (m) => m.id === message.id);
    expect((await as.emitWithAck("message:edit", { conversationId: group, messageId: message.id, body: "after" })).ok).toBe(true);
    await benHeard;
    // Something sent to cat after the edit arrives after anything the edit could have sent her.
    const marker = nextEvent(cs, "message:new", (m) => m.body === "marker");
    const dm = await openConversation(app.url, ann, cat);
    await send(as, dm, "marker");
    await marker;
    expect(catHeard).toEqual([]);
  });
});
