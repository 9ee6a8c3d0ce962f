import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PresenceTracker } from "./presence";
import { TypingTracker } from "./typing";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const ann = { id: 1, username: "ann" };

describe("PresenceTracker", () => {
  it("announces online once for several sockets and offline only after the grace period", () => {
    const tracker = new PresenceTracker(3000);
    const changes: boolean[] = [];
    tracker.onChange((_user, online) => changes.push(online));
    tracker.add(ann);
    tracker.add(ann);
    tracker.remove(ann);
    tracker.remove(ann);
    expect(tracker.isOnline(ann.id)).toBe(true);
    vi.advanceTimersByTime(2999);
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([true, false]);
    expect(tracker.isOnline(ann.id)).toBe(false);
  });

  it("says nothing when a socket comes back within the grace period", () => {
    const tracker = new PresenceTracker(3000);
    const changes: boolean[] = [];
    tracker.onChange((_user, online) => changes.push(online));
    tracker.add(ann);
    tracker.remove(ann);
    vi.advanceTimersByTime(1500);
    tracker.add(ann);
    vi.advanceTimersByTime(10_000);
    expect(changes).toEqual([true]);
  });
});

describe("TypingTracker", () => {
  it("expires without a refresh, and a refresh pushes the expiry back", () => {
    const stopped: string[] = [];
    const tracker = new TypingTracker((c, u) => stopped.push(`${c}:${u}`), 6000);
    expect(tracker.start(7, 1)).toBe("started");
    vi.advanceTimersByTime(5000);
    expect(tracker.start(7, 1)).toBe("refreshed");
    vi.advanceTimersByTime(5000);
    expect(stopped).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(stopped).toEqual(["7:1"]);
  });

  it("stops explicitly once, and lists where a user types", () => {
    const tracker = new TypingTracker(() => {}, 6000);
    tracker.start(7, 1);
    tracker.start(8, 1);
    tracker.start(8, 2);
    expect(tracker.conversationsOf(1).sort()).toEqual([7, 8]);
    expect(tracker.stop(7, 1)).toBe(true);
    expect(tracker.stop(7, 1)).toBe(false);
    expect(tracker.conversationsOf(1)).toEqual([8]);
  });

  it("drops starts and refreshes closer than the interval, per person and conversation, also across a stop", () => {
    const tracker = new TypingTracker(() => {}, 6000, 2000);
    expect(tracker.start(7, 1)).toBe("started");
    expect(tracker.start(7, 1)).toBe("dropped");
    // Others, and the same person elsewhere, are paced on their own.
    expect(tracker.start(7, 2)).toBe("started");
    expect(tracker.start(8, 1)).toBe("started");
    vi.advanceTimersByTime(1999);
    expect(tracker.start(7, 1)).toBe("dropped");
    // An honest refresh (every 2.5 s, give or take half a second of jitter) is accepted.
    vi.advanceTimersByTime(1);
    expect(tracker.start(7, 1)).toBe("refreshed");
    // A stop always goes through, but it does not reset the pace: true/false/true is not a loophole.
    expect(tracker.stop(7, 1)).toBe(true);
    expect(tracker.start(7, 1)).toBe("dropped");
    expect(tracker.stop(7, 1)).toBe(false);
    vi.advanceTimersByTime(2000);
    expect(tracker.start(7, 1)).toBe("started");
  });

  it("forgets the pace after a message, so the next one's typing shows at once", () => {
    const tracker = new TypingTracker(() => {}, 6000, 2000);
    expect(tracker.start(7, 1)).toBe("started");
    expect(tracker.sent(7, 1)).toBe(true);
    expect(tracker.start(7, 1)).toBe("started");
    expect(tracker.stop(7, 1)).toBe(true);
    expect(tracker.sent(7, 1)).toBe(false);
    expect(tracker.start(7, 1)).toBe("started");
  });
});
