import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "../chat/types";
import { coalesced, withConversationChange, withFetchedList } from "./list-updates";
import { chatMessage } from "./test-messages";

const group = (id: number, over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id,
  kind: "group",
  title: "Old",
  peer: null,
  members: [
    { id: 1, username: "ann", role: "admin" },
    { id: 2, username: "ben", role: "member" },
  ],
  memberCount: 2,
  joined: true,
  myRole: "member",
  muted: false,
  lastMessage: null,
  unreadCount: 3,
  mentioned: false,
  receipts: [
    { userId: 1, lastDeliveredId: 5, lastReadId: 5 },
    { userId: 2, lastDeliveredId: 4, lastReadId: 2 },
  ],
  ...over,
});

describe("withConversationChange", () => {
  it("patches a group's name, members and my role in place, keeping what is mine (unread, mute)", () => {
    const list = [group(7), group(8, { title: "Other" })];
    const next = withConversationChange(
      list,
      { conversationId: 7, removed: false, group: { title: "New", members: [{ id: 2, username: "ben", role: "admin" }], memberCount: 1 } },
      2,
    );
    expect(next?.[0]).toMatchObject({ title: "New", memberCount: 1, myRole: "admin", unreadCount: 3, muted: false });
    // The receipt of someone who left goes with them.
    expect(next?.[0]?.receipts.map((r) => r.userId)).toEqual([2]);
    expect(next?.[1]).toBe(list[1]);
  });

  it("drops a conversation I was removed from, sets my mute, and asks for the list for one not listed yet", () => {
    const list = [group(7), group(8)];
    expect(withConversationChange(list, { conversationId: 7, removed: true }, 2)?.map((c) => c.id)).toEqual([8]);
    expect(withConversationChange(list, { conversationId: 8, removed: false, muted: true }, 2)?.[1]?.muted).toBe(true);
    expect(withConversationChange(list, { conversationId: 9, removed: false, group: { title: "x", members: [], memberCount: 0 } }, 2)).toBeNull();
  });
});

describe("coalesced", () => {
  it("runs a burst of requests as at most one run in flight plus one queued", async () => {
    const releases: (() => void)[] = [];
    let runs = 0;
    const request = coalesced(() => {
      runs++;
      return new Promise<void>((resolve) => releases.push(resolve));
    });
    for (let i = 0; i < 200; i++) request();
    expect(runs).toBe(1);
    releases.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The queued one runs once for all 199 that came meanwhile.
    expect(runs).toBe(2);
    releases.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toBe(2);
    request();
    expect(runs).toBe(3);
  });
});

describe("withFetchedList", () => {
  const last = (id: number) => chatMessage(id);
  it("keeps a last message that arrived live while the list was being fetched, with its count and mark", () => {
    const fetched = group(7, { unreadCount: 0 });
    const live = group(7, { lastMessage: last(8), unreadCount: 1, mentioned: true });
    expect(withFetchedList([live], [fetched])).toEqual([{ ...fetched, lastMessage: last(8), unreadCount: 1, mentioned: true }]);
  });
  it("takes the server's entry when it is as new or newer, and its list as it is", () => {
    const fetched = group(7, { lastMessage: last(9), unreadCount: 0 });
    expect(withFetchedList([group(7, { lastMessage: last(8), unreadCount: 4 })], [fetched])).toEqual([fetched]);
    expect(withFetchedList([], [fetched])).toEqual([fetched]);
  });
});
