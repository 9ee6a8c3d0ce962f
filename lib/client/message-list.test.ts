import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../chat/types";
import { addPending, mergeConfirmed, newestId, setPendingStatus, type MessageListState, type PendingMessage } from "./message-list";

const ME = 1;
const msg = (id: number, clientId = `c${id}`, senderId = ME): ChatMessage => ({
  id,
  conversationId: 7,
  senderId,
  senderName: senderId === ME ? "me" : "them",
  body: `m${id}`,
  clientId,
  createdAt: new Date(0).toISOString(),
});
const pending = (clientId: string): PendingMessage => ({
  clientId,
  conversationId: 7,
  body: "draft",
  createdAt: new Date(0).toISOString(),
  status: "sending",
});
const empty: MessageListState = { confirmed: [], pending: [] };

describe("mergeConfirmed", () => {
  it("keeps id order whatever order copies arrive in, each id once", () => {
    let s = mergeConfirmed(empty, [msg(5), msg(2)], ME);
    s = mergeConfirmed(s, [msg(3), msg(5), msg(9)], ME);
    expect(s.confirmed.map((m) => m.id)).toEqual([2, 3, 5, 9]);
    expect(newestId(s)).toBe(9);
  });

  it("replaces my pending message with the server copy of the same clientId", () => {
    let s = addPending(empty, pending("mine"));
    s = addPending(s, pending("later"));
    s = mergeConfirmed(s, [msg(4, "mine")], ME);
    expect(s.pending.map((p) => p.clientId)).toEqual(["later"]);
    expect(s.confirmed.map((m) => m.clientId)).toEqual(["mine"]);
  });

  it("does not let someone else's message settle my pending one", () => {
    const s = mergeConfirmed(addPending(empty, pending("same")), [msg(4, "same", 2)], ME);
    expect(s.pending).toHaveLength(1);
  });

  it("returns the same state when nothing arrives", () => {
    expect(mergeConfirmed(empty, [], ME)).toBe(empty);
  });
});

describe("setPendingStatus", () => {
  it("marks a pending message failed with its reason, and back to sending on retry", () => {
    let s = setPendingStatus(addPending(empty, pending("a")), "a", "failed", "Not sent");
    expect(s.pending[0]).toMatchObject({ status: "failed", error: "Not sent" });
    s = setPendingStatus(s, "a", "sending");
    expect(s.pending[0]?.status).toBe("sending");
  });
});
