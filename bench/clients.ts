/** What the load generators share: opening a bench socket, counting acked sends, percentiles. */
import { io, type Socket } from "socket.io-client";

/**
 * A websocket-only client that never reconnects (a drop is counted, not hidden). With a cookie it
 * is a signed-in app client; `pair` names the relay's room for it.
 */
export function openSocket(url: string, options: { cookie?: string; pair: string }): Promise<Socket> {
  const socket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: options.cookie ? { cookie: options.cookie, origin: url } : {},
    query: { pair: options.pair },
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

/** Sends with acks and counts them: sent, acknowledged (with their clientIds), refused or timed out. */
export class SendTally {
  sent = 0;
  acked = 0;
  failed = 0;
  readonly ackedIds: string[] = [];

  /** Sends without waiting (open loop); `sendAndWait` resolves once the answer came (closed loop). */
  send(socket: Socket, payload: { conversationId: number; body: string; clientId: string }): void {
    void this.sendAndWait(socket, payload);
  }

  sendAndWait(socket: Socket, payload: { conversationId: number; body: string; clientId: string }): Promise<void> {
    this.sent++;
    return socket
      .timeout(10_000)
      .emitWithAck("message:send", payload)
      .then((r: { ok: boolean }) => {
        if (r.ok) {
          this.acked++;
          this.ackedIds.push(payload.clientId);
        } else this.failed++;
      })
      .catch(() => {
        this.failed++;
      });
  }

  get settled(): boolean {
    return this.acked + this.failed >= this.sent;
  }
}

/** The p-th percentile of an ascending list (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
