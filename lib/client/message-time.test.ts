import { describe, expect, it } from "vitest";
import { messageTimeFormats } from "./message-time";

describe("messageTimeFormats", () => {
  // Local time, so the test means the same in every time zone.
  const morning = new Date(2026, 2, 12, 8, 5);
  const evening = new Date(2026, 2, 12, 20, 5);

  it("writes the hour without a leading zero, in the locale's own clock", () => {
    const us = messageTimeFormats("en-US");
    expect(us.time(morning)).toMatch(/^8:05\s?AM$/);
    expect(us.time(evening)).toMatch(/^8:05\s?PM$/);
    const uk = messageTimeFormats("en-GB");
    expect(uk.time(morning)).toMatch(/^0?8:05$/);
    expect(uk.time(evening)).toBe("20:05");
    expect(messageTimeFormats("de-DE").time(evening)).toBe("20:05");
  });

  it("gives the full date and time for hover and focus", () => {
    expect(messageTimeFormats("en-US").full(evening)).toMatch(/Mar 12, 2026.*8:05\s?PM/);
  });
});
