import { describe, expect, it } from "vitest";
import type { ChatMessage, ConversationSummary } from "../chat/types";
import { messageState, readersOf, withIncomingMessage, withPresence, withReceipt, withUserUpdate } from "./people-list";

const ME = 1;
const me = { id: ME, username: "mia" };
const message = (id: number, senderId: number, conversationId = 10): ChatMessage => ({
  id,
  conversationId,
  senderId,
  senderName: `u${senderId}`,
  body: `m${id}`,
  clientId: `c${id}`,
  createdAt: new Date(0).toISOString(),
  kind: "text",
  deleted: false,
  attachments: [],
  editedAt: null,
  reactions: [],
  replyTo: null,
});
const conversation = (id: number, peerId: number, lastId: number | null, unreadCount = 0): ConversationSummary => ({
  id,
  kind: "private",
  title: `u${peerId}`,
  peer: { id: peerId, username: `u${peerId}` },
  members: [
    { id: ME, username: "me", role: "member" },
    { id: peerId, username: `u${peerId}`, role: "member" },
  ],
  memberCount: 2,
  joined: true,
  myRole: "member",
  muted: false,
  lastMessage: lastId === null ? null : message(lastId, peerId, id),
  unreadCount,
  mentioned: false,
  receipts: [
    { userId: ME, lastDeliveredId: 0, lastReadId: 0 },
    { userId: peerId, lastDeliveredId: 0, lastReadId: 0 },
  ],
});

describe("withIncomingMessage", () => {
  it("does not count notices as unread", () => {
    const notice = { ...message(6, 2), kind: "notice" as const };
    expect(withIncomingMessage([conversation(10, 2, 5)], notice, me, false)?.[0]).toMatchObject({ unreadCount: 0, lastMessage: { id: 6 } });
  });

  it("counts others' messages I am not looking at, not my own or the open conversation's", () => {
    const list = [conversation(10, 2, 5)];
    expect(withIncomingMessage(list, message(6, 2), me, false)?.[0]).toMatchObject({ unreadCount: 1, lastMessage: { id: 6 } });
    expect(withIncomingMessage(list, message(6, ME), me, false)?.[0]?.unreadCount).toBe(0);
    expect(withIncomingMessage(list, message(6, 2), me, true)?.[0]?.unreadCount).toBe(0);
  });

  it("marks a chat '@' when an unread message calls me by name, and reading it all clears the mark", () => {
    const calling = { ...message(6, 2), body: "hey @Mia, look" };
    let list = withIncomingMessage([conversation(10, 2, 5)], calling, me, false)!;
    expect(list[0]).toMatchObject({ unreadCount: 1, mentioned: true });
    expect(withIncomingMessage([conversation(10, 2, 5)], { ...calling, body: "hey @miami" }, me, false)?.[0]?.mentioned).toBe(false);
    expect(withIncomingMessage([conversation(10, 2, 5)], calling, me, true)?.[0]?.mentioned).toBe(false);
    list = withReceipt(list, { conversationId: 10, userId: ME, lastDeliveredId: 6, lastReadId: 6, unreadCount: 0 })!;
    expect(list[0]?.mentioned).toBe(false);
  });

  it("ignores a message it already has, and reports an unknown conversation", () => {
    expect(withIncomingMessage([conversation(10, 2, 9)], message(6, 2), me, false)).toBeNull();
    expect(withIncomingMessage([conversation(10, 2, 5)], message(6, 2, 99), me, false)).toBeNull();
  });
});

describe("withReceipt", () => {
  it("moves positions forward only and takes my unread count from the server", () => {
    let list = withReceipt([conversation(10, 2, 8, 4)], { conversationId: 10, userId: 2, lastDeliveredId: 8, lastReadId: 6 })!;
    list = withReceipt(list, { conversationId: 10, userId: 2, lastDeliveredId: 3, lastReadId: 1 })!;
    expect(list[0]?.receipts).toContainEqual({ userId: 2, lastDeliveredId: 8, lastReadId: 6 });
    expect(list[0]?.unreadCount).toBe(4);
    list = withReceipt(list, { conversationId: 10, userId: ME, lastDeliveredId: 8, lastReadId: 8, unreadCount: 0 })!;
    expect(list[0]?.unreadCount).toBe(0);
  });
});

describe("messageState", () => {
  it("is read, delivered or sent from the other member's positions", () => {
    const peer = { userId: 2, lastDeliveredId: 8, lastReadId: 5 };
    expect(messageState(5, peer)).toBe("read");
    expect(messageState(7, peer)).toBe("delivered");
    expect(messageState(9, peer)).toBe("sent");
    expect(messageState(1, undefined)).toBe("sent");
  });
});

describe("withPresence", () => {
  it("updates someone's presence and adds newcomers", () => {
    const people = [
      { id: 3, username: "zed", displayName: null, avatarUrl: null, online: false, lastSeenAt: null, blocked: false },
      { id: 2, username: "amy", displayName: null, avatarUrl: null, online: true, lastSeenAt: null, blocked: false },
    ];
    const next = withPresence(withPresence(people, { userId: 5, username: "cat", online: true, lastSeenAt: null }), {
      userId: 3,
      username: "zed",
      online: true,
      lastSeenAt: null,
    });
    expect(next.map((p) => [p.username, p.online])).toEqual([["zed", true], ["amy", true], ["cat", true]]);
  });

  it("keeps whether I blocked someone when their presence changes", () => {
    const people = [{ id: 2, username: "amy", displayName: null, avatarUrl: null, online: false, lastSeenAt: null, blocked: true }];
    expect(withPresence(people, { userId: 2, username: "amy", online: true, lastSeenAt: null })[0]).toMatchObject({ online: true, blocked: true });
  });
});

describe("withUserUpdate", () => {
  it("renames someone in place, keeping presence and blocks, and adds someone not listed yet as offline", () => {
    const people = [{ id: 2, username: "amy", displayName: null, avatarUrl: null, online: true, lastSeenAt: null, blocked: true }];
    expect(withUserUpdate(people, { userId: 2, username: "amy", displayName: "Amy Pond", avatarUrl: "/a" })).toEqual([{ ...people[0], displayName: "Amy Pond", avatarUrl: "/a" }]);
    expect(withUserUpdate(people, { userId: 7, username: "new", displayName: "Newt", avatarUrl: null })[1]).toEqual({
      id: 7,
      username: "new",
      displayName: "Newt",
      avatarUrl: null,
      online: false,
      lastSeenAt: null,
      blocked: false,
    });
  });
});

describe("readersOf", () => {
  it("names the other members whose read position reached the message, by name", () => {
    const group = {
      ...conversation(10, 2, 9),
      kind: "group" as const,
      members: [
        { id: ME, username: "me", role: "admin" as const },
        { id: 2, username: "zoe", role: "member" as const },
        { id: 3, username: "al", role: "member" as const },
        { id: 4, username: "bo", role: "member" as const },
      ],
      receipts: [
        { userId: ME, lastDeliveredId: 9, lastReadId: 9 },
        { userId: 2, lastDeliveredId: 9, lastReadId: 9 },
        { userId: 3, lastDeliveredId: 9, lastReadId: 8 },
        { userId: 4, lastDeliveredId: 5, lastReadId: 5 },
      ],
    };
    expect(readersOf(8, group, ME).map((r) => r.username)).toEqual(["al", "zoe"]);
    expect(readersOf(9, group, ME).map((r) => r.username)).toEqual(["zoe"]);
    expect(readersOf(9, undefined, ME)).toEqual([]);
  });
});
