import { describe, expect, it } from "vitest";
import { pauseAfterDisconnect } from "./socket";

describe("pauseAfterDisconnect", () => {
  const cutOff = { reason: "Too many events: slow down", code: "rate_limited" as const, retryAfterMs: 2000 };

  it("comes back after a cut-off for too many events, no sooner than 5 s and spread at random up to twice that", () => {
    expect(pauseAfterDisconnect("io server disconnect", cutOff, () => 0)).toBe(5000);
    expect(pauseAfterDisconnect("io server disconnect", cutOff, () => 0.999)).toBeCloseTo(9995);
    expect(pauseAfterDisconnect("io server disconnect", { ...cutOff, retryAfterMs: 8000 }, () => 0)).toBe(8000);
  });

  it("leaves every other disconnect alone: network drops reconnect by themselves, an ended session signs in", () => {
    expect(pauseAfterDisconnect("transport close", cutOff)).toBeNull();
    expect(pauseAfterDisconnect("io server disconnect", null)).toBeNull();
    expect(pauseAfterDisconnect("io server disconnect", { reason: "x", code: "unauthorized" })).toBeNull();
  });
});
