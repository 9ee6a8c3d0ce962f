// Replies (issue 16): a message may answer another of the same conversation that its sender sees.
// Every reader gets the quote as they may see it: the original's sender and the start of its text,
// "deleted" once it is, and "unavailable" (nothing of it) when it is older than their history.
import { describe, expect, it } from "vitest";
import type { ChatMessage, ConversationSummary, MessagePage, SyncPage } from "@/lib/chat/types";
import { api, newClientId, nextEvent, openConversation, send, signUp, type TestSocket } from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();

const reply = (socket: TestSocket, conversationId: number, body: string, replyToId: unknown) =>
  socket.emitWithAck("message:send", { conversationId, body, clientId: newClientId(), replyToId } as never);

describe("replies", () => {
  it("quote the original for everyone, live, in history, through catch-up and over HTTP, and follow its edits and deletion", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const [as, bs] = await Promise.all([app.online(ann), app.online(ben)]);
    const long = `lunch at noon? ${"and then a very long story ".repeat(20)}`;
    const original = await send(as, chat, long);
    const away = await api<SyncPage>(app.url, "/api/sync?after=0", { cookie: ann.cookie });

    const live = nextEvent(as, "message:new", (m) => m.body === "yes!");
    const sent = await reply(bs, chat, "yes!", original.id);
    expect(sent.ok).toBe(true);
    const answer = sent.ok ? sent.message : (null as unknown as ChatMessage);
    expect(answer.replyTo).toEqual({ id: original.id, state: "shown", senderId: ann.id, senderName: ann.username, excerpt: long.slice(0, 200), attachment: null });
    expect(await live).toEqual(answer);
    const history = await api<MessagePage>(app.url, `/api/conversations/${chat}/messages`, { cookie: ann.cookie });
    expect(history.body.messages.at(-1)).toEqual(answer);
    const caughtUp = await api<SyncPage>(app.url, `/api/sync?after=${encodeURIComponent(away.body.cursor)}`, { cookie: ann.cookie });
    expect(caughtUp.body.messages).toEqual([answer]);
    const list = await api<{ conversations: ConversationSummary[] }>(app.url, "/api/conversations", { cookie: ann.cookie });
    expect(list.body.conversations.find((c) => c.id === chat)?.lastMessage).toEqual(answer);

    // The HTTP fallback takes replyToId as well.
    const posted = await api<{ message: ChatMessage }>(app.url, `/api/conversations/${chat}/messages`, {
      cookie: ann.cookie,
      body: { body: "great", clientId: newClientId(), replyToId: answer.id },
    });
    expect(posted.status).toBe(201);
    expect(posted.body.message.replyTo).toMatchObject({ id: answer.id, state: "shown", excerpt: "yes!", senderId: ben.id });

    // The quote is read with the reply: an edit of the original shows in it, and so does its deletion.
    expect((await as.emitWithAck("message:edit", { conversationId: chat, messageId: original.id, body: "lunch at one?" })).ok).toBe(true);
    const afterEdit = await api<MessagePage>(app.url, `/api/conversations/${chat}/messages`, { cookie: ben.cookie });
    expect(afterEdit.body.messages.find((m) => m.id === answer.id)?.replyTo).toMatchObject({ state: "shown", excerpt: "lunch at one?" });
    await api(app.url, `/api/conversations/${chat}/messages/${original.id}`, { cookie: ann.cookie, method: "DELETE" });
    const afterDelete = await api<MessagePage>(app.url, `/api/conversations/${chat}/messages`, { cookie: ben.cookie });
    expect(afterDelete.body.messages.find((m) => m.id === answer.id)?.replyTo).toEqual({ id: original.id, state: "deleted" });
    // Nothing answers a deleted message.
    expect(await reply(bs, chat, "too late", original.id)).toMatchObject({ ok: false, code: "not_found" });
  });

  it("quote a file when the original has no text", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const form = new FormData();
    form.append("file", new Blob([new TextEncoder().encode("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")]), "plan.pdf");
    const uploaded = await fetch(`${app.url}/api/conversations/${chat}/uploads`, { method: "POST", body: form, headers: { cookie: ann.cookie } });
    expect(uploaded.status).toBe(201);
    const { upload } = (await uploaded.json()) as { upload: { id: number } };
    const as = await app.online(ann);
    const sent = await as.emitWithAck("message:send", { conversationId: chat, body: "", clientId: newClientId(), attachmentIds: [upload.id] });
    expect(sent.ok).toBe(true);
    const bs = await app.online(ben);
    const answer = await reply(bs, chat, "looks good", sent.ok ? sent.message.id : 0);
    expect(answer.ok && answer.message.replyTo).toMatchObject({ state: "shown", excerpt: "", attachment: { name: "plan.pdf", type: "application/pdf" } });
  });

  it("refuses to answer what the sender cannot see: another conversation, a notice, before their history, nothing", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const created = await api<{ conversation: { id: number } }>(app.url, "/api/groups", { cookie: ann.cookie, body: { title: "replies", userIds: [ben.id] } });
    const group = created.body.conversation.id;
    const elsewhere = await openConversation(app.url, ann, cat);
    const [as, bs] = await Promise.all([app.online(ann), app.online(ben)]);
    const early = await send(as, group, "before cat joined");
    const secret = await send(as, elsewhere, "only for cat");
    expect((await api(app.url, `/api/conversations/${group}/members`, { cookie: ann.cookie, body: { userIds: [cat.id] } })).status).toBeLessThan(300);
    const cs = await app.online(cat);
    const history = await api<MessagePage>(app.url, `/api/conversations/${group}/messages`, { cookie: cat.cookie });
    const notice = history.body.messages.find((m) => m.kind === "notice")!;

    expect(await reply(cs, group, "what was that?", early.id)).toMatchObject({ ok: false, code: "not_found" });
    expect(await reply(bs, group, "leak?", secret.id)).toMatchObject({ ok: false, code: "not_found" });
    expect(await reply(cs, group, "welcome me", notice.id)).toMatchObject({ ok: false, code: "not_found" });
    expect(await reply(cs, group, "nothing", 2 ** 31 + 5)).toMatchObject({ ok: false, code: "not_found" });
    for (const bad of [0, -1, 1.5, "7"]) expect(await reply(cs, group, "bad", bad)).toMatchObject({ ok: false, code: "invalid" });
    const posted = await api<{ code: string }>(app.url, `/api/conversations/${group}/messages`, {
      cookie: cat.cookie,
      body: { body: "x", clientId: newClientId(), replyToId: early.id },
    });
    expect(posted).toMatchObject({ status: 404, body: { code: "not_found" } });
  });

  it("show a reply to an older message as unavailable to a member whose history starts later: live, in history and in catch-up", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const created = await api<{ conversation: { id: number } }>(app.url, "/api/groups", { cookie: ann.cookie, body: { title: "late", userIds: [ben.id] } });
    const group = created.body.conversation.id;
    const [as, bs] = await Promise.all([app.online(ann), app.online(ben)]);
    const early = await send(as, group, "the plan is secret");
    expect((await api(app.url, `/api/conversations/${group}/members`, { cookie: ann.cookie, body: { userIds: [cat.id] } })).status).toBeLessThan(300);
    const cs = await app.online(cat);
    const catAway = await api<SyncPage>(app.url, "/api/sync?after=0", { cookie: cat.cookie });

    const catLive = nextEvent(cs, "message:new", (m) => m.body === "agreed");
    const annLive = nextEvent(as, "message:new", (m) => m.body === "agreed");
    const sent = await reply(bs, group, "agreed", early.id);
    expect(sent.ok && sent.message.replyTo).toMatchObject({ state: "shown", excerpt: "the plan is secret" });
    const unavailable = { id: early.id, state: "unavailable" };
    expect((await catLive).replyTo).toEqual(unavailable);
    expect((await annLive).replyTo).toMatchObject({ state: "shown" });
    const catHistory = await api<MessagePage>(app.url, `/api/conversations/${group}/messages`, { cookie: cat.cookie });
    expect(catHistory.body.messages.at(-1)?.replyTo).toEqual(unavailable);
    const catSync = await api<SyncPage>(app.url, `/api/sync?after=${encodeURIComponent(catAway.body.cursor)}`, { cookie: cat.cookie });
    expect(catSync.body.messages.map((m) => m.replyTo)).toEqual([unavailable]);
    const catList = await api<{ conversations: ConversationSummary[] }>(app.url, "/api/conversations", { cookie: cat.cookie });
    expect(catList.body.conversations.find((c) => c.id === group)?.lastMessage?.replyTo).toEqual(unavailable);
    const messageId = sent.ok ? sent.message.id : 0;
    const forwards = await api<MessagePage>(app.url, `/api/conversations/${group}/messages?after=${messageId - 1}`, { cookie: cat.cookie });
    expect(forwards.body.messages[0]?.replyTo).toEqual(unavailable);

    // A reaction to the reply reaches cat with the quote still unavailable.
    const catUpdated = nextEvent(cs, "message:updated", (m) => m.id === messageId);
    expect((await as.emitWithAck("message:react", { conversationId: group, messageId, emoji: "👍", on: true })).ok).toBe(true);
    expect((await catUpdated).replyTo).toEqual(unavailable);
    // Nothing of the original appears anywhere in what cat got.
    expect(JSON.stringify([catHistory.body, catSync.body, catList.body])).not.toContain("secret");
  });
});
