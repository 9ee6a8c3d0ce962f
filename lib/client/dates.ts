/** Calendar days in the reader's time zone: the log's separators and the chat list's dates. */

const dayKeyFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day an instant falls on in a time zone, as "2026-03-12". */
export function dayKey(at: string | Date, timeZone: string): string {
  let format = dayKeyFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayKeyFormats.set(timeZone, format);
  }
  return format.format(typeof at === "string" ? new Date(at) : at);
}

function daysBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86_400_000);
}

/** "Today", "Yesterday", a weekday within the last week, else the full date ("12 March 2026"). */
export function dayLabel(at: string, now: Date, timeZone: string, locale?: string): string {
  const ago = daysBetween(dayKey(at, timeZone), dayKey(now, timeZone));
  if (ago === 0) return "Today";
  if (ago === 1) return "Yesterday";
  const date = new Date(at);
  if (ago > 1 && ago < 7) return new Intl.DateTimeFormat(locale, { timeZone, weekday: "long" }).format(date);
  return new Intl.DateTimeFormat(locale, { timeZone, day: "numeric", month: "long", year: "numeric" }).format(date);
}

/** When a chat's last message was, as a list row shows it: the time today, "Yesterday", a short weekday within the week, else the date. */
export function listTime(at: string, now: Date, timeZone: string, locale?: string): string {
  const ago = daysBetween(dayKey(at, timeZone), dayKey(now, timeZone));
  const date = new Date(at);
  if (ago <= 0) return new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" }).format(date);
  if (ago === 1) return "Yesterday";
  if (ago < 7) return new Intl.DateTimeFormat(locale, { timeZone, weekday: "short" }).format(date);
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "short" }).format(date);
}
