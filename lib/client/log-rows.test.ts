import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../chat/types";
import { logRows, type LogRow } from "./log-rows";

let nextId = 1;
function message(senderId: number, createdAt: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  const id = nextId++;
  return { id, conversationId: 1, senderId, senderName: `u${senderId}`, body: `m${id}`, clientId: `c${id}`, createdAt, kind: "text", deleted: false, attachments: [], editedAt: null, reactions: [], replyTo: null, ...extra };
}

function shape(rows: LogRow[]): string[] {
  return rows.map((r) => (r.type === "day" ? `day ${r.day}` : r.type === "unread" ? `unread ${r.count}` : `${r.runStart ? "+" : "-"}${r.message.body}${r.runEnd ? "." : ""}`));
}

describe("logRows", () => {
  it("starts each day with a separator and groups one sender's messages within five minutes", () => {
    const list = [
      message(2, "2026-03-12T10:00:00Z"),
      message(2, "2026-03-12T10:04:00Z"),
      message(2, "2026-03-12T10:10:00Z"),
      message(1, "2026-03-12T10:11:00Z"),
      message(1, "2026-03-13T08:00:00Z"),
    ];
    const rows = logRows(list, { myId: 1, readUpTo: null, timeZone: "UTC" });
    expect(shape(rows)).toEqual([
      "day 2026-03-12",
      `+${list[0]!.body}`,
      `-${list[1]!.body}.`,
      `+${list[2]!.body}.`,
      `+${list[3]!.body}.`,
      "day 2026-03-13",
      `+${list[4]!.body}.`,
    ]);
  });

  it("puts the unread divider before the first unread message from someone else, counting theirs only", () => {
    const list = [
      message(2, "2026-03-12T10:00:00Z"),
      message(1, "2026-03-12T10:01:00Z"),
      message(2, "2026-03-12T10:02:00Z"),
      message(1, "2026-03-12T10:02:30Z"),
      message(2, "2026-03-12T10:03:00Z"),
      message(2, "2026-03-12T10:03:10Z", { kind: "notice" }),
    ];
    const rows = logRows(list, { myId: 1, readUpTo: list[1]!.id, timeZone: "UTC" });
    expect(shape(rows)).toEqual([
      "day 2026-03-12",
      `+${list[0]!.body}.`,
      `+${list[1]!.body}.`,
      "unread 2",
      `+${list[2]!.body}.`,
      `+${list[3]!.body}.`,
      `+${list[4]!.body}.`,
      `+${list[5]!.body}.`,
    ]);
  });

  it("shows no divider when everything was read, and mine still sending join my run", () => {
    const read = message(2, "2026-03-12T10:00:00Z");
    const mine = message(1, "2026-03-12T10:01:00Z");
    const pending = { clientId: "p1", conversationId: 1, body: "pending", createdAt: "2026-03-12T10:01:30Z", status: "sending" as const };
    const rows = logRows([read, mine, pending], { myId: 1, readUpTo: mine.id, timeZone: "UTC" });
    expect(shape(rows)).toEqual(["day 2026-03-12", `+${read.body}.`, `+${mine.body}`, "-pending."]);
    expect(rows.at(-1)?.key).toBe("1:p1");
  });
});
