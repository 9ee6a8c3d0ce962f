import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "@/lib/chat/types";
import { api, nextEvent, openConversation, send, signUp, type TestUser } from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();

const settingsOf = (user: TestUser) => api<{ groupInvites: string }>(app.url, "/api/me/settings", { cookie: user.cookie });
const setInvites = (user: TestUser, groupInvites: unknown) =>
  api<{ groupInvites?: string; code?: string }>(app.url, "/api/me/settings", { cookie: user.cookie, method: "PUT", body: { groupInvites } });
const createGroup = (admin: TestUser, members: readonly TestUser[]) =>
  api<{ conversation?: { id: number }; error?: string; code?: string }>(app.url, "/api/groups", {
    cookie: admin.cookie,
    body: { title: "invites", userIds: members.map((m) => m.id) },
  });
const addMembers = (admin: TestUser, id: number, members: readonly TestUser[]) =>
  api<{ added?: { id: number }[]; error?: string; code?: string }>(app.url, `/api/conversations/${id}/members`, {
    cookie: admin.cookie,
    body: { userIds: members.map((m) => m.id) },
  });

describe("who can add me to groups", () => {
  it("is everyone by default: a stranger can create a group with me and add me to one", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    expect(await settingsOf(ben)).toEqual({ status: 200, body: { groupInvites: "everyone" } });
    expect((await createGroup(ann, [ben])).status).toBe(201);
    const other = await createGroup(ann, [cat]);
    expect((await addMembers(ann, other.body.conversation?.id ?? 0, [ben])).body.added?.map((u) => u.id)).toEqual([ben.id]);
  });

  it("with contacts, only people I have written to privately can create a group with me or add me", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    expect(await setInvites(cat, "contacts")).toEqual({ status: 200, body: { groupInvites: "contacts" } });
    expect((await settingsOf(cat)).body).toEqual({ groupInvites: "contacts" });
    const refusal = { code: "forbidden", error: `${cat.username} only accepts group invitations from people they've talked with` };

    const refused = await createGroup(ann, [ben, cat]);
    expect(refused).toEqual({ status: 403, body: refusal });
    const withBen = await createGroup(ann, [ben]);
    const groupId = withBen.body.conversation?.id ?? 0;
    expect(await addMembers(ann, groupId, [cat])).toEqual({ status: 403, body: refusal });

    // ann opening a conversation and writing into it does not make her cat's contact...
    const privateId = await openConversation(app.url, ann, cat);
    const as = await app.online(ann);
    await send(as, privateId, "hi cat, let me add you");
    expect((await createGroup(ann, [cat])).status).toBe(403);
    // ...cat writing to her does.
    const cs = await app.online(cat);
    await send(cs, privateId, "hi ann");
    expect((await createGroup(ann, [cat])).status).toBe(201);
    expect((await addMembers(ann, groupId, [cat])).body.added?.map((u) => u.id)).toEqual([cat.id]);
    // Still nobody else: ben never talked with cat.
    expect((await createGroup(ben, [cat])).status).toBe(403);

    // Back to everyone, and ben can.
    expect((await setInvites(cat, "everyone")).body).toEqual({ groupInvites: "everyone" });
    expect((await createGroup(ben, [cat])).status).toBe(201);
  });

  it("refuses anything but the two choices, and needs a session", async () => {
    const ann = await signUp(app.url);
    expect(await setInvites(ann, "nobody")).toMatchObject({ status: 400, body: { code: "invalid" } });
    expect((await api(app.url, "/api/me/settings")).status).toBe(401);
  });
});

describe("conversation:changed says what changed", () => {
  it("a rename or a removal reaches each member with the group's new name, members and roles", async () => {
    const [ann, ben, cat] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const id = (await createGroup(ann, [ben, cat])).body.conversation?.id ?? 0;
    const [as, bs] = await Promise.all([app.online(ann), app.online(ben)]);
    const renamed = nextEvent(bs, "conversation:changed", (c) => c.conversationId === id);
    expect((await as.emitWithAck("group:rename", { conversationId: id, title: "Renamed" })).ok).toBe(true);
    const byId = <T extends { id: number }>(members: readonly T[]) => [...members].sort((x, y) => x.id - y.id);
    expect(await renamed).toEqual({
      conversationId: id,
      removed: false,
      group: {
        title: "Renamed",
        memberCount: 3,
        members: byId([
          { id: ann.id, username: ann.username, role: "admin" },
          { id: ben.id, username: ben.username, role: "member" },
          { id: cat.id, username: cat.username, role: "member" },
        ]),
      },
    });
    const removed = nextEvent(bs, "conversation:changed", (c) => c.conversationId === id);
    expect((await as.emitWithAck("group:remove", { conversationId: id, userId: cat.id })).ok).toBe(true);
    const change = await removed;
    expect(change.group?.memberCount).toBe(2);
    // What the event carries is what the list says.
    const { body } = await api<{ conversations: ConversationSummary[] }>(app.url, "/api/conversations", { cookie: ben.cookie });
    const listed = body.conversations.find((c) => c.id === id);
    expect(listed?.title).toBe(change.group?.title);
    expect(byId(listed?.members ?? [])).toEqual(byId(change.group?.members ?? []));
  });
});
