import type { IncomingHttpHeaders } from "node:http";
import { isAllowedOrigin } from "../realtime/origin";

/** What server.ts answers itself, before Next sees the request. */
export interface GateRefusal {
  status: number;
  code: "forbidden" | "invalid";
  error: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery defence for every state-changing request (API routes, server actions
 * and Auth.js alike): a browser names the page that sent it in `Origin`, or at least says in
 * `Sec-Fetch-Site` whether it was another site. A request with neither comes from a script, which
 * cannot ride a victim's cookie, and is judged by its session as before.
 */
export function isCrossSiteWrite(method: string, headers: IncomingHttpHeaders, publicOrigin: string | null, dev: boolean): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (headers.origin !== undefined) return !isAllowedOrigin(headers, publicOrigin, dev);
  const site = headers["sec-fetch-site"];
  if (site === undefined) return false;
  // "none" is a navigation the person started themselves (typed, bookmarked): not another site.
  return site !== "same-origin" && site !== "none";
}

/** A path whose percent-encoding does not decode would make Next answer 500 in plain text. */
function hasMalformedEncoding(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/**
 * The checks every request passes before Next handles it. Returns why it is refused, or null.
 * `url` is the raw request target (path and query).
 */
export function gateRequest(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  options: { publicOrigin: string | null; dev: boolean },
): GateRefusal | null {
  if (isCrossSiteWrite(method, headers, options.publicOrigin, options.dev)) {
    return { status: 403, code: "forbidden", error: "Cross-site request refused" };
  }
  const path = url.split("?", 1)[0] ?? "";
  if (path.startsWith("/api/") && hasMalformedEncoding(path)) {
    return { status: 400, code: "invalid", error: "Malformed percent-encoding in the path" };
  }
  return null;
}

/** Strict-Transport-Security for a site served over https: a year, subdomains included. */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";
