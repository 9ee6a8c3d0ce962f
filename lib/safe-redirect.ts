// Any origin works as the base: only whether the target stays on it matters.
const BASE = "http://app.invalid";
const MAX_LENGTH = 2048;

/**
 * A path on this site to go to after signing in, or "/". Browsers strip tabs and newlines from
 * URLs and read "\" as "/", so "/\t/evil.example" would leave the site: anything holding control
 * characters, whitespace or a backslash is refused outright, and what remains must resolve to our
 * own origin.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return "/";
  if (!value.startsWith("/") || /[\s\u0000-\u001F\u007F-\u009F\\]/.test(value)) return "/";
  let target: URL;
  try {
    target = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (target.origin !== BASE) return "/";
  return `${target.pathname}${target.search}${target.hash}`;
}
