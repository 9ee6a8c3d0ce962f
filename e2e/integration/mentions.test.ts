// Mentions (issue 16): "@username" calls a member. It is recorded as the message is stored, so the
// chat list marks the chat with "@" until it is read, after a reload too, muted or not.
import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "@/lib/chat/types";
import { api, newClientId, send, signUp } from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();

const summaryOf = async (cookie: string, id: number) =>
  (await api<{ conversations: ConversationSummary[] }>(app.url, "/api/conversations", { cookie })).body.conversations.find((c) => c.id === id);

describe("mentions", () => {
  it("mark the chat of a muted member with '@' until they read it; only members, never the sender, never a deleted message", async () => {
    const [ann, ben, cat, dan] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url), signUp(app.url)]);
    const created = await api<{ conversation: { id: number } }>(app.url, "/api/groups", { cookie: ann.cookie, body: { title: "calls", userIds: [ben.id, cat.id] } });
    const group = created.body.conversation.id;
    expect((await api(app.url, `/api/conversations/${group}/mute`, { cookie: ben.cookie, method: "PUT", body: { muted: true } })).status).toBeLessThan(300);
    const as = await app.online(ann);

    await send(as, group, "no names here");
    expect(await summaryOf(ben.cookie, group)).toMatchObject({ muted: true, unreadCount: 1, mentioned: false });

    // Ben by name (any case), Dan who is not a member, and Ann herself.
    const calling = await send(as, group, `@${ben.username.toUpperCase()} and @${dan.username}, from @${ann.username}`);
    expect(await summaryOf(ben.cookie, group)).toMatchObject({ unreadCount: 2, mentioned: true });
    expect(await summaryOf(cat.cookie, group)).toMatchObject({ unreadCount: 2, mentioned: false });
    expect(await summaryOf(ann.cookie, group)).toMatchObject({ mentioned: false });
    expect(await summaryOf(dan.cookie, group)).toBeUndefined();

    // Read: the mark goes.
    const bs = await app.online(ben);
    expect((await bs.emitWithAck("receipt:read", { conversationId: group, messageId: calling.id })).ok).toBe(true);
    expect(await summaryOf(ben.cookie, group)).toMatchObject({ unreadCount: 0, mentioned: false });

    // A mention deleted before it is read marks nothing.
    const again = await send(as, group, `@${cat.username} look`);
    expect(await summaryOf(cat.cookie, group)).toMatchObject({ mentioned: true });
    await api(app.url, `/api/conversations/${group}/messages/${again.id}`, { cookie: ann.cookie, method: "DELETE" });
    expect(await summaryOf(cat.cookie, group)).toMatchObject({ mentioned: false });

    // The HTTP fallback records them the same way.
    const posted = await api(app.url, `/api/conversations/${group}/messages`, { cookie: ann.cookie, body: { body: `hi @${cat.username}`, clientId: newClientId() } });
    expect(posted.status).toBe(201);
    expect(await summaryOf(cat.cookie, group)).toMatchObject({ mentioned: true });
  });
});
