import { describe, expect, it } from "vitest";
import type { ChatMessage, ConversationSummary, UserWithPresence } from "../chat/types";
import { adjacentChat, chatList, findPeople, previewOf } from "./chat-list";

function message(id: number, senderId: number, body: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id, conversationId: 1, senderId, senderName: `u${senderId}`, body, clientId: `c${id}`, createdAt: "2026-03-12T10:00:00Z", kind: "text", deleted: false, attachments: [], editedAt: null, reactions: [], replyTo: null, ...extra };
}

function chat(id: number, kind: ConversationSummary["kind"], title: string, last: ChatMessage | null): ConversationSummary {
  return { id, kind, title, peer: kind === "private" ? { id: 100 + id, username: title } : null, members: [], memberCount: 2, joined: true, myRole: "member", muted: false, lastMessage: last, unreadCount: 0, mentioned: false, receipts: [] };
}

function person(id: number, username: string, displayName: string | null = null): UserWithPresence {
  return { id, username, displayName, avatarUrl: null, online: false, lastSeenAt: null, blocked: false };
}

describe("chatList", () => {
  const lobby = chat(1, "lobby", "Lobby", message(5, 2, "hi all"));
  const group = chat(2, "group", "Weekend trip", message(9, 3, "Saturday?"));
  const zoe = chat(3, "private", "Zoë", message(7, 3, "hey"));
  const quiet = chat(4, "group", "Book club", null);

  it("puts every kind of chat in one list, newest activity first", () => {
    expect(chatList([lobby, group, zoe, quiet]).map((c) => c.id)).toEqual([2, 3, 1, 4]);
  });

  it("filters by name, blind to case and accents", () => {
    expect(chatList([lobby, group, zoe, quiet], "ZOE").map((c) => c.id)).toEqual([3]);
    expect(chatList([lobby, group, zoe, quiet], " trip ").map((c) => c.id)).toEqual([2]);
    expect(chatList([lobby, group, zoe, quiet], "nobody")).toEqual([]);
  });

  it("names a private chat, and finds it, by the other person's display name or username", () => {
    // zoe's chat has peer 103, username "Zoë"; she calls herself "Zoe Quinn".
    const nameOf = (id: number, fallback: string) => (id === 103 ? "Zoe Quinn" : fallback);
    expect(chatList([lobby, group, zoe, quiet], "quinn", nameOf).map((c) => c.id)).toEqual([3]);
    expect(chatList([lobby, group, zoe, quiet], "zoë", nameOf).map((c) => c.id)).toEqual([3]);
    expect(chatList([group, quiet], "", nameOf).map((c) => c.id)).toEqual([2, 4]);
  });

  it("moves to the next and previous chat, wrapping around", () => {
    const list = chatList([lobby, group, zoe, quiet]);
    expect(adjacentChat(list, 2, 1)?.id).toBe(3);
    expect(adjacentChat(list, 2, -1)?.id).toBe(4);
    expect(adjacentChat(list, 4, 1)?.id).toBe(2);
    expect(adjacentChat(list, null, 1)?.id).toBe(2);
    expect(adjacentChat([], null, 1)).toBeNull();
  });
});

describe("findPeople", () => {
  const people = [person(1, "annabel"), person(2, "hannah"), person(3, "bob"), person(4, "Anne")];
  it("finds nobody for an empty query, and names that start with it first", () => {
    expect(findPeople(people, "  ")).toEqual([]);
    expect(findPeople(people, "ann").map((p) => p.username)).toEqual(["annabel", "Anne", "hannah"]);
    expect(findPeople(people, "ann", 2)).toHaveLength(2);
  });

  it("matches display names and usernames, a word's start counting as a start", () => {
    const named = [person(1, "al", "Alice Liddell"), person(2, "bob", "Bobby Tables"), person(3, "lid")];
    expect(findPeople(named, "liddell").map((p) => p.username)).toEqual(["al"]);
    expect(findPeople(named, "lid").map((p) => p.username)).toEqual(["al", "lid"]);
    expect(findPeople(named, "bob").map((p) => p.username)).toEqual(["bob"]);
    expect(findPeople(named, "tables").map((p) => p.username)).toEqual(["bob"]);
  });
});

describe("previewOf", () => {
  it("names the sender in groups, says You for mine, and nothing extra in a private chat", () => {
    expect(previewOf(chat(1, "group", "G", message(1, 3, "hi")), 2)).toBe("u3: hi");
    expect(previewOf(chat(1, "group", "G", message(1, 2, "hi")), 2)).toBe("You: hi");
    expect(previewOf(chat(1, "private", "P", message(1, 3, "hi")), 2)).toBe("hi");
    expect(previewOf(chat(1, "private", "P", message(1, 3, "", { deleted: true })), 2)).toBe("message deleted");
    expect(previewOf(chat(1, "group", "G", message(1, 3, "u3 added u4", { kind: "notice" })), 2)).toBe("u3 added u4");
    expect(previewOf(chat(1, "group", "G", null), 2)).toBe("");
    const photo = { id: 1, name: "cat.jpg", type: "image/jpeg", size: 9, url: "/f/1", thumbnailUrl: "/t/1" };
    const pdf = { id: 2, name: "plan.pdf", type: "application/pdf", size: 9, url: "/f/2" };
    expect(previewOf(chat(1, "private", "P", message(1, 3, "", { attachments: [photo] })), 2)).toBe("📷 Photo");
    expect(previewOf(chat(1, "private", "P", message(1, 3, "", { attachments: [pdf] })), 2)).toBe("📎 plan.pdf");
    expect(previewOf(chat(1, "group", "G", message(1, 3, "", { attachments: [photo, pdf] })), 2)).toBe("u3: 📎 2 files");
    expect(previewOf(chat(1, "private", "P", message(1, 3, "look", { attachments: [photo, photo] })), 2)).toBe("📷 look");
    expect(previewOf(chat(1, "group", "G", message(1, 3, "hi")), 2, (id, fallback) => (id === 3 ? "Uma Three" : fallback))).toBe("Uma Three: hi");
  });
});
