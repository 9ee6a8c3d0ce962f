/** Calendar days in the reader's time zone: the log's separators and the chat list's dates. */

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per locale, zone and style: building one costs far more than using it, and every
 * chat row and day separator formats a date on each render.
 */
function format(locale: string | undefined, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${timeZone}|${JSON.stringify(options)}`;
  let formatter = formats.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formats.set(key, formatter);
  }
  return formatter;
}

/** The calendar day an instant falls on in a time zone, as "2026-03-12". */
export function dayKey(at: string | Date, timeZone: string): string {
  return format("en-CA", timeZone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(typeof at === "string" ? new Date(at) : at);
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
  if (ago > 1 && ago < 7) return format(locale, timeZone, { weekday: "long" }).format(date);
  return format(locale, timeZone, { day: "numeric", month: "long", year: "numeric" }).format(date);
}

/** When a chat's last message was, as a list row shows it: the time today, "Yesterday", a short weekday within the week, else the date. */
export function listTime(at: string, now: Date, timeZone: string, locale?: string): string {
  const ago = daysBetween(dayKey(at, timeZone), dayKey(now, timeZone));
  const date = new Date(at);
  if (ago <= 0) return format(locale, timeZone, { hour: "numeric", minute: "2-digit" }).format(date);
  if (ago === 1) return "Yesterday";
  if (ago < 7) return format(locale, timeZone, { weekday: "short" }).format(date);
  return format(locale, timeZone, { dateStyle: "short" }).format(date);
}
