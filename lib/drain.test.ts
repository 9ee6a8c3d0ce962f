import { describe, expect, it } from "vitest";
import { Drain } from "./drain";

describe("Drain", () => {
  it("waits for work already running, and takes no new work once stopping", async () => {
    const drain = new Drain();
    const leave = drain.enter();
    expect(leave).not.toBeNull();
    let stopped = false;
    const stopping = drain.stop().then(() => (stopped = true));
    expect(drain.draining).toBe(true);
    expect(drain.enter()).toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    leave!();
    await stopping;
    expect(stopped).toBe(true);
  });

  it("stops at once when nothing runs, and counts each piece of work once", async () => {
    const drain = new Drain();
    const first = drain.enter()!;
    const second = drain.enter()!;
    first();
    first(); // a second call changes nothing: the other piece still holds the stop
    let stopped = false;
    const stopping = drain.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    second();
    await stopping;
    await expect(new Drain().stop()).resolves.toBeUndefined();
  });
});
