import { describe, expect, it } from "vitest";
import { EventBudget } from "./event-budget";

describe("EventBudget", () => {
  it("allows a burst, then refills at the steady rate, never above the burst", () => {
    let t = 0;
    const budget = new EventBudget(3, 2, () => t);
    expect([budget.take(), budget.take(), budget.take(), budget.take()]).toEqual([true, true, true, false]);
    t += 250;
    expect(budget.take()).toBe(false);
    t += 250;
    expect(budget.take()).toBe(true);
    expect(budget.take()).toBe(false);
    // A long quiet spell refills only up to the burst.
    t += 60_000;
    expect([budget.take(), budget.take(), budget.take(), budget.take()]).toEqual([true, true, true, false]);
    expect(budget.refillMs).toBe(1500);
  });
});
