import { describe, expect, it } from "vitest";
import { ChatError } from "./chat/errors";
import { Drain } from "./drain";

describe("Drain", () => {
  it("waits for work already running, and refuses new work as busy once stopping", async () => {
    const drain = new Drain();
    let finish!: () => void;
    const running = drain.run(() => new Promise<string>((resolve) => (finish = () => resolve("done"))));
    let stopped = false;
    const stopping = drain.stop().then(() => (stopped = true));
    expect(drain.draining).toBe(true);
    const refused = await drain.run(async () => "late").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChatError);
    expect(refused).toMatchObject({ code: "busy", retryAfterMs: expect.any(Number) as number });
    expect(drain.enter()).toBeNull();
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    expect(await running).toBe("done");
    await stopping;
    expect(stopped).toBe(true);
  });

  it("stops at once when nothing runs, and counts work that fails like work that succeeds", async () => {
    const drain = new Drain();
    await expect(drain.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const leave = drain.enter()!;
    leave();
    leave(); // a second call changes nothing
    await expect(drain.stop()).resolves.toBeUndefined();
  });
});
