import { describe, expect, it } from "vitest";
import { dayKey, dayLabel, listTime } from "./dates";

describe("dayKey and dayLabel", () => {
  it("puts an instant on the day of the reader's time zone", () => {
    expect(dayKey("2026-03-12T23:30:00Z", "UTC")).toBe("2026-03-12");
    expect(dayKey("2026-03-12T23:30:00Z", "Europe/Berlin")).toBe("2026-03-13");
    expect(dayKey("2026-03-12T03:00:00Z", "America/New_York")).toBe("2026-03-11");
  });

  it("says Today, Yesterday, a weekday within the week, else the whole date", () => {
    const now = new Date("2026-03-19T10:00:00Z");
    expect(dayLabel("2026-03-19T01:00:00Z", now, "UTC", "en-GB")).toBe("Today");
    expect(dayLabel("2026-03-18T23:59:00Z", now, "UTC", "en-GB")).toBe("Yesterday");
    expect(dayLabel("2026-03-16T12:00:00Z", now, "UTC", "en-GB")).toBe("Monday");
    expect(dayLabel("2026-03-12T12:00:00Z", now, "UTC", "en-GB")).toBe("12 March 2026");
    expect(dayLabel("2025-12-31T12:00:00Z", now, "UTC", "en-US")).toBe("December 31, 2025");
    // One in the morning in Tokyo is today there and still yesterday in UTC.
    expect(dayLabel("2026-03-18T16:00:00Z", now, "Asia/Tokyo", "en-GB")).toBe("Today");
    expect(dayLabel("2026-03-18T16:00:00Z", now, "UTC", "en-GB")).toBe("Yesterday");
  });
});

describe("listTime", () => {
  it("gives the time today, Yesterday, a weekday within the week, else a short date", () => {
    const now = new Date("2026-03-19T10:00:00Z");
    expect(listTime("2026-03-19T08:05:00Z", now, "UTC", "en-US")).toMatch(/^8:05\sAM$/);
    expect(listTime("2026-03-18T08:05:00Z", now, "UTC", "en-US")).toBe("Yesterday");
    expect(listTime("2026-03-16T08:05:00Z", now, "UTC", "en-US")).toBe("Mon");
    expect(listTime("2026-03-02T08:05:00Z", now, "UTC", "en-GB")).toBe("02/03/2026");
  });
});
