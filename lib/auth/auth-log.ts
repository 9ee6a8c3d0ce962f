/** At most one line per kind of refusal in this window; the rest are counted and reported with the next. */
const WINDOW_MS = 60_000;

// A garbled or forged cookie is the caller's problem, not a server fault; a stack trace per
// request would let anyone fill the log.
const CALLER_FAULTS = new Set(["JWTSessionError", "InvalidCallbackUrl", "MissingCSRF", "InvalidCheck", "UnknownAction"]);

const lastLogged = new Map<string, { at: number; suppressed: number }>();

/** Auth.js's error logger: wrong passwords say nothing, bad input one rate-limited line, faults in full. */
export function logAuthError(error: Error, now = Date.now(), write: (line: string) => void = console.warn): void {
  const type = (error as { type?: unknown }).type;
  // Checked by name, not instanceof: this module is also loaded outside Next (tests, server.ts).
  if (type === "CredentialsSignin" || error.name === "CredentialsSignin") return;
  if (typeof type !== "string" || !CALLER_FAULTS.has(type)) {
    console.error("[auth]", error);
    return;
  }
  const entry = lastLogged.get(type);
  if (entry && now - entry.at < WINDOW_MS) {
    entry.suppressed += 1;
    return;
  }
  const more = entry?.suppressed ? ` (${entry.suppressed} more since the last line)` : "";
  lastLogged.set(type, { at: now, suppressed: 0 });
  write(`[auth] refused: ${type}${more}`);
}
