import type { IncomingMessage } from "node:http";

/**
 * Set by server.ts on every request, overwriting anything the client sent, so route handlers and
 * Auth.js see the real peer address (Next does not expose the socket).
 */
export const CLIENT_IP_HEADER = "x-chat-client-ip";

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}
