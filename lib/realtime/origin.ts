import type { IncomingHttpHeaders } from "node:http";

/**
 * Cross-site WebSocket hijacking defence: a browser always names the page's origin, so a foreign
 * one is refused even when it carries our cookie. A missing Origin comes from non-browser clients
 * (and same-origin polling), which cannot ride a victim's cookie.
 */
export function isAllowedOrigin(headers: IncomingHttpHeaders, publicOrigin: string | null, dev: boolean): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (publicOrigin !== null && origin === publicOrigin) return true;
  if (publicOrigin !== null && !dev) return false;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}
