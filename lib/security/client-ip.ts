import type { IncomingMessage } from "node:http";

/**
 * Set by server.ts on every request, overwriting anything the client sent, so route handlers and
 * Auth.js see the real peer address (Next does not expose the socket).
 */
export const CLIENT_IP_HEADER = "x-chat-client-ip";

/**
 * The address of whoever reached the nearest untrusted hop. Each trusted proxy appends the peer it
 * saw to X-Forwarded-For, so only the rightmost `trustedHops` entries were written by someone we
 * trust: the one `trustedHops` from the right is the client. Entries left of it are whatever the
 * client sent, and keying a limit on them would let the client pick a fresh address per request.
 */
export function clientIp(req: Pick<IncomingMessage, "headers" | "socket">, trustedHops: number): string {
  if (trustedHops > 0) {
    const header = req.headers["x-forwarded-for"];
    const entries = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    // Fewer entries than hops: every one was written by a trusted proxy, so the leftmost is the farthest seen.
    const chosen = entries[Math.max(0, entries.length - trustedHops)];
    if (chosen) return chosen;
  }
  return req.socket.remoteAddress ?? "unknown";
}
