import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReceiptPacer } from "./receipt-pacer";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("ReceiptPacer", () => {
  it("sends the first receipt at once and then only the newest per window, per kind and conversation", () => {
    const sent: string[] = [];
    const pacer = new ReceiptPacer((kind, c, id) => sent.push(`${kind}:${c}:${id}`), 500, 10);
    for (let id = 1; id <= 200; id++) pacer.push("delivered", 7, id);
    pacer.push("read", 7, 3);
    pacer.push("delivered", 8, 1);
    expect(sent).toEqual(["delivered:7:1", "read:7:3", "delivered:8:1"]);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(["delivered:7:1", "read:7:3", "delivered:8:1", "delivered:7:200"]);
    // An older id never goes out after a newer one; a quiet window ends the pacing.
    pacer.push("delivered", 7, 150);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(4);
    pacer.push("delivered", 7, 201);
    expect(sent.at(-1)).toBe("delivered:7:201");
  });

  it("caps receipts across conversations per window, the rest following in later windows", () => {
    const sent: number[] = [];
    const pacer = new ReceiptPacer((_kind, c) => sent.push(c), 500, 10);
    for (let c = 1; c <= 25; c++) pacer.push("delivered", c, 100);
    expect(sent).toHaveLength(10);
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(20);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(25);
  });
});
