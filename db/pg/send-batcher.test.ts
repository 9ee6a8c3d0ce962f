import { describe, expect, it } from "vitest";
import { SendBatcher } from "./send-batcher";

/** A store whose calls finish only when the test says so. */
function controlledStore() {
  const calls: { items: number[]; finish: () => void; fail: () => void }[] = [];
  const call = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({ items, finish: () => resolve(items.map((i) => i * 10)), fail: () => reject(new Error("rolled back")) });
    });
  return { calls, runBatch: call, runOne: async (item: number) => (await call([item]))[0]! };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("SendBatcher", () => {
  it("sends at once while there is room, and groups what arrives while every call runs", async () => {
    const store = controlledStore();
    const batcher = new SendBatcher(store.runBatch, store.runOne, 2, 3);
    const results = [1, 2, 3, 4, 5, 6].map((i) => batcher.submit(i));
    await tick();
    // Two alone (room for two calls), the rest wait; then they go three at a time, in order.
    expect(store.calls.map((c) => c.items)).toEqual([[1], [2]]);
    store.calls[0]!.finish();
    await tick();
    expect(store.calls.map((c) => c.items)).toEqual([[1], [2], [3, 4, 5]]);
    store.calls[1]!.finish();
    await tick();
    expect(store.calls.map((c) => c.items)).toEqual([[1], [2], [3, 4, 5], [6]]);
    store.calls[2]!.finish();
    store.calls[3]!.finish();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it("retries a failed batch one by one, so only the item that fails again fails", async () => {
    let failing = true;
    const seen: number[][] = [];
    const batcher = new SendBatcher<number, number>(
      async (items) => {
        seen.push(items);
        if (failing) throw new Error("one bad row rolls the batch back");
        return items;
      },
      async (item) => {
        seen.push([item]);
        if (item === 3) throw new Error("bad");
        return item;
      },
      1,
      10,
    );
    const first = batcher.submit(1); // alone
    const rest = [2, 3, 4].map((i) => batcher.submit(i)); // grouped behind it
    expect(await first).toBe(1);
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(seen).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
    failing = false;
  });
});
