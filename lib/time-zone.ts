/**
 * The reader's time zone decides which day a message falls on, so the server renders with the zone
 * the browser reported last (a cookie) and the client hydrates with the same one before switching to
 * its own: day separators never differ between the server's HTML and the first client render.
 */
export const TIME_ZONE_COOKIE = "tz";

/** A zone name the runtime knows, or UTC. */
export function validTimeZone(name: string | undefined): string {
  if (!name || name.length > 64) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return name;
  } catch {
    return "UTC";
  }
}

export function browserTimeZone(): string {
  return validTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** Remembers the browser's zone for the next server render. */
export function rememberTimeZone(): void {
  const zone = browserTimeZone();
  if (document.cookie.split("; ").includes(`${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}`)) return;
  document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
}
