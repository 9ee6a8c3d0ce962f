import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../chat/types";
import { conversationView, mergeConfirmed, refreshQuotes, type PendingMessage } from "./message-list";

const ME = 1;
const msg = (id: number, clientId = `c${id}`, senderId = ME, conversationId = 7): ChatMessage => ({
  id,
  conversationId,
  senderId,
  senderName: senderId === ME ? "me" : "them",
  body: `m${id}`,
  clientId,
  createdAt: new Date(0).toISOString(),
  kind: "text",
  deleted: false,
  attachments: [],
  editedAt: null,
  reactions: [],
  replyTo: null,
});
const pending = (clientId: string, conversationId = 7): PendingMessage => ({
  clientId,
  conversationId,
  body: "draft",
  createdAt: new Date(0).toISOString(),
  status: "sending",
});

describe("mergeConfirmed", () => {
  it("keeps id order whatever order copies arrive in, each id once", () => {
    const once = mergeConfirmed([], [msg(5), msg(2)]);
    expect(mergeConfirmed(once, [msg(3), msg(5), msg(9)]).map((m) => m.id)).toEqual([2, 3, 5, 9]);
  });

  it("keeps the latest edit whatever order the copies arrive in, and a deletion over any edit", () => {
    const edited = { ...msg(4), body: "fixed", editedAt: "2026-01-01T10:00:00.000Z" };
    const later = { ...msg(4), body: "fixed again", editedAt: "2026-01-01T11:00:00.000Z" };
    expect(mergeConfirmed([later], [edited, msg(4)])[0]?.body).toBe("fixed again");
    expect(mergeConfirmed([msg(4)], [edited])[0]?.body).toBe("fixed");
    expect(mergeConfirmed([later], [{ ...msg(4), body: "", deleted: true }])[0]?.deleted).toBe(true);
  });

  it("takes a newer copy's state, but never brings a deleted message back", () => {
    const deleted = { ...msg(5), body: "", deleted: true };
    expect(mergeConfirmed([msg(5)], [deleted])).toEqual([deleted]);
    // A catch-up answer read before the deletion arrives after the live deletion.
    expect(mergeConfirmed([deleted], [msg(5)])).toEqual([deleted]);
  });

  it("returns the same list when nothing arrives", () => {
    const list = [msg(1)];
    expect(mergeConfirmed(list, [])).toBe(list);
  });
});

describe("conversationView", () => {
  it("drops a pending message once its stored copy is present, keeping the others in order", () => {
    const view = conversationView([msg(4, "mine")], [pending("mine"), pending("later"), pending("other", 8)], 7, ME);
    expect(view.pending.map((p) => p.clientId)).toEqual(["later"]);
  });

  it("does not let someone else's message settle my pending one", () => {
    expect(conversationView([msg(4, "same", 2)], [pending("same")], 7, ME).pending).toHaveLength(1);
  });
});

describe("refreshQuotes", () => {
  const original = msg(1, "c1", 2);
  const reply: ChatMessage = {
    ...msg(2),
    replyTo: { id: 1, state: "shown", senderId: 2, senderName: "them", excerpt: "m1", attachment: null },
  };

  it("carries an edit of the original into every quote of it, cut as the server cuts it", () => {
    const long = "é".repeat(250);
    const [, updated] = mergeConfirmed([original, reply], [{ ...original, body: long, editedAt: new Date(1).toISOString() }]);
    expect(updated?.replyTo).toEqual({ ...reply.replyTo, excerpt: "é".repeat(200) });
  });

  it("turns quotes of a deleted original to 'deleted' and leaves others, and the list itself, alone", () => {
    const other: ChatMessage = { ...msg(3), replyTo: { id: 9, state: "unavailable" } };
    const list = [original, reply, other];
    const next = refreshQuotes(list, [{ id: 1, body: "", deleted: true }]);
    expect(next[1]?.replyTo).toEqual({ id: 1, state: "deleted" });
    expect(next[2]).toBe(other);
    // Nothing quoted changed: the same array, so nothing re-renders.
    expect(refreshQuotes(list, [{ id: 3, body: "x", deleted: false }])).toBe(list);
    expect(refreshQuotes(list, [{ id: 1, body: "m1", deleted: false }])).toBe(list);
  });
});
