// Reactions (issue 16): one row per (message, person, emoji), toggled idempotently even when
// presses race, at most 20 different emoji, delivered live and through catch-up, unread by nobody.
import { describe, expect, it } from "vitest";
import type { ChatMessage, ConversationSummary, SyncPage } from "@/lib/chat/types";
import { api, collect, nextEvent, openConversation, send, signUp, type TestUser } from "./harness";
import { serverForThisFile } from "./server-for-file";

// Reactions spend from the send allowance; these tests press faster than a person.
const app = serverForThisFile({ SEND_BURST: "1000", SEND_RATE_PER_SEC: "1000" });

const reactOver = (user: TestUser, conversationId: number, messageId: number, emoji: string, method: "PUT" | "DELETE") =>
  api<{ message?: ChatMessage; code?: string }>(app.url, `/api/conversations/${conversationId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`, {
    cookie: user.cookie,
    method,
  });

describe("reactions", () => {
  it("toggle idempotently, over the socket and HTTP, even when presses race", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const created = await api<{ conversation: { id: number } }>(app.url, "/api/groups", { cookie: ann.cookie, body: { title: "r", userIds: [ben.id, cat.id] } });
    const group = created.body.conversation.id;
    const [as, bs, cs] = await Promise.all([app.online(ann), app.online(ben), app.online(cat)]);
    const message = await send(as, group, "pizza tonight?");

    // Ben presses 👍 ten times at once: one reaction. Cat and Ann add theirs at the same moment.
    const presses = await Promise.all([
      ...Array.from({ length: 10 }, () => bs.emitWithAck("message:react", { conversationId: group, messageId: message.id, emoji: "👍", on: true })),
      cs.emitWithAck("message:react", { conversationId: group, messageId: message.id, emoji: "👍", on: true }),
      reactOver(ann, group, message.id, "🍕", "PUT"),
    ]);
    expect(presses.every((p) => ("ok" in p ? p.ok : p.status === 200))).toBe(true);
    const now = await api<{ messages: ChatMessage[] }>(app.url, `/api/conversations/${group}/messages`, { cookie: ann.cookie });
    const reactions = now.body.messages.find((m) => m.id === message.id)!.reactions;
    expect(reactions.find((r) => r.emoji === "👍")).toMatchObject({ count: 2, userIds: expect.arrayContaining([ben.id, cat.id]) });
    expect(reactions.find((r) => r.emoji === "🍕")).toEqual({ emoji: "🍕", count: 1, userIds: [ann.id] });

    // Taking back, twice at once: gone once.
    const back = await Promise.all([reactOver(ben, group, message.id, "👍", "DELETE"), reactOver(ben, group, message.id, "👍", "DELETE")]);
    expect(back.map((b) => b.status)).toEqual([200, 200]);
    const after = (await reactOver(cat, group, message.id, "👍", "PUT")).body.message!;
    expect(after.reactions.find((r) => r.emoji === "👍")).toEqual({ emoji: "👍", count: 1, userIds: [cat.id] });
  });

  it("reach members live and those away by catch-up, count as unread for nobody, and go with a deleted message", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const as = await app.online(ann);
    const message = await send(as, chat, "we won!");
    const annAway = await api<SyncPage>(app.url, "/api/sync?after=0", { cookie: ann.cookie });
    const unreadBefore = async (user: TestUser) =>
      (await api<{ conversations: ConversationSummary[] }>(app.url, "/api/conversations", { cookie: user.cookie })).body.conversations.find((c) => c.id === chat)!
        .unreadCount;
    const annUnread = await unreadBefore(ann);

    const bs = await app.online(ben);
    const live = nextEvent(as, "message:updated", (m) => m.id === message.id);
    const annNew = collect(as, "message:new");
    const reacted = await bs.emitWithAck("message:react", { conversationId: chat, messageId: message.id, emoji: "🎉", on: true });
    expect(reacted.ok).toBe(true);
    expect((await live).reactions).toEqual([{ emoji: "🎉", count: 1, userIds: [ben.id] }]);
    expect(annNew).toEqual([]);
    expect(await unreadBefore(ann)).toBe(annUnread);

    const caughtUp = await api<SyncPage>(app.url, `/api/sync?after=${encodeURIComponent(annAway.body.cursor)}`, { cookie: ann.cookie });
    expect(caughtUp.body.messages.map((m) => [m.id, m.reactions])).toEqual([[message.id, [{ emoji: "🎉", count: 1, userIds: [ben.id] }]]]);

    await api(app.url, `/api/conversations/${chat}/messages/${message.id}`, { cookie: ann.cookie, method: "DELETE" });
    const gone = await reactOver(ben, chat, message.id, "🎉", "PUT");
    expect(gone.status).toBe(404);
  });

  it("refuses strangers, what is not one emoji, and a 21st kind", async () => {
    const [ann, ben, eve] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const message = await send(await app.online(ann), chat, "react to me");
    expect((await reactOver(eve, chat, message.id, "👍", "PUT")).status).toBe(404);
    for (const bad of ["ok", "👍👍", "<b>", "1"]) {
      expect((await reactOver(ben, chat, message.id, bad, "PUT")).body.code, bad).toBe("invalid");
    }
    // Flags, skin tones and families are one emoji each.
    for (const fine of ["🇫🇷", "👍🏽", "👨‍👩‍👧"]) expect((await reactOver(ben, chat, message.id, fine, "PUT")).status, fine).toBe(200);
    const many = ["😀", "😃", "😄", "😁", "😆", "😅", "😂", "🤣", "😊", "😇", "🙂", "🙃", "😉", "😌", "😍", "🥰", "😘"];
    for (const emoji of many) expect((await reactOver(ann, chat, message.id, emoji, "PUT")).status).toBe(200);
    const full = await reactOver(ann, chat, message.id, "🤯", "PUT");
    expect(full).toMatchObject({ status: 400, body: { code: "invalid" } });
    // An emoji already there can still be added by someone else.
    expect((await reactOver(ben, chat, message.id, "😀", "PUT")).body.message?.reactions.find((r) => r.emoji === "😀")?.count).toBe(2);
  });
});
