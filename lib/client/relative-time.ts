const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "last seen just now", "last seen 5 minutes ago", ..., "last seen on 3 Nov". */
export function lastSeenText(lastSeenAt: string, now: number): string {
  const ago = Math.max(0, now - Date.parse(lastSeenAt));
  if (ago < MINUTE) return "last seen just now";
  if (ago < HOUR) {
    const m = Math.floor(ago / MINUTE);
    return `last seen ${m} minute${m === 1 ? "" : "s"} ago`;
  }
  if (ago < DAY) {
    const h = Math.floor(ago / HOUR);
    return `last seen ${h} hour${h === 1 ? "" : "s"} ago`;
  }
  if (ago < 7 * DAY) {
    const d = Math.floor(ago / DAY);
    return `last seen ${d} day${d === 1 ? "" : "s"} ago`;
  }
  return `last seen on ${new Date(lastSeenAt).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" })}`;
}
