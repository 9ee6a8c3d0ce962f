"use client";

import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ConnectionClosing, ServerToClientEvents } from "../realtime/events";
import { ReceiptPacer, type ReceiptKind } from "./receipt-pacer";

type RealSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// After being cut off for sending too much, stay away at least this long (plus up to as much again
// at random), so a tab in a bad loop, or many of them, cannot hammer the server with reconnects.
const MIN_RECONNECT_AFTER_CUTOFF_MS = 5000;

/**
 * How long to wait before reconnecting after a disconnect, or null to leave it to Socket.IO (which
 * reconnects after network drops by itself) or to the sign-in redirect (a session ended).
 */
export function pauseAfterDisconnect(reason: string, notice: ConnectionClosing | null, random: () => number = Math.random): number | null {
  if (reason !== "io server disconnect" || notice?.code !== "rate_limited") return null;
  return Math.max(notice.retryAfterMs ?? 0, MIN_RECONNECT_AFTER_CUTOFF_MS) * (1 + random());
}

/** Events Socket.IO itself emits on the client. */
interface ReservedEvents {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (error: Error) => void;
}
type Incoming = ServerToClientEvents & ReservedEvents;
type AnyListener = (...args: never[]) => void;
type TimedEmitter = Pick<ReturnType<RealSocket["timeout"]>, "emitWithAck">;

/**
 * The page's one socket: every hook shares it, so a user has one connection per tab.
 *
 * socket.io-client (15 KB gzip) loads right after the page instead of with it, which keeps it out
 * of the first-load JavaScript. Until it is there, listeners are remembered and emits are queued,
 * so callers use this as if it were the socket itself.
 */
export class ChatSocket {
  private real: RealSocket | null = null;
  private closed = false;
  private readonly listeners: [keyof Incoming, AnyListener][] = [];
  private readonly queue: ((socket: RealSocket) => void)[] = [];
  private readonly ready: Promise<RealSocket>;
  private notice: ConnectionClosing | null = null;

  constructor() {
    this.ready = import("socket.io-client").then(({ io }) => {
      const socket: RealSocket = io({
        // WebSocket first; polling only if the WebSocket cannot be opened (e.g. a proxy strips upgrades).
        transports: ["websocket", "polling"],
        tryAllTransports: true,
        withCredentials: true,
        // A handshake slower than this is treated as failed, so the banner and retries start sooner.
        timeout: 10_000,
        autoConnect: !this.closed,
      });
      // Socket.IO does not reconnect after a disconnect the server made. When the server said it
      // cut this tab off for sending too much, come back once, after a pause; anything else the
      // server ends (the session) is left to the connection banner, which sends the user to sign in.
      socket.on("connection:closing", (notice) => {
        this.notice = notice;
      });
      socket.on("connect", () => {
        this.notice = null;
      });
      socket.on("disconnect", (reason) => {
        const pause = pauseAfterDisconnect(reason, this.notice);
        if (pause === null) return;
        setTimeout(() => {
          if (!this.closed && !socket.connected) socket.connect();
        }, pause);
      });
      for (const [event, listener] of this.listeners) (socket.on as (e: string, l: AnyListener) => void)(event, listener);
      this.real = socket;
      for (const run of this.queue.splice(0)) run(socket);
      return socket;
    });
  }

  get connected(): boolean {
    return this.real?.connected ?? false;
  }

  /** Why the server said it was closing this connection, until it connects again. */
  get closingNotice(): ConnectionClosing | null {
    return this.notice;
  }

  on<E extends keyof Incoming>(event: E, listener: Incoming[E]): this {
    this.listeners.push([event, listener as AnyListener]);
    (this.real?.on as ((e: string, l: AnyListener) => void) | undefined)?.call(this.real, event, listener as AnyListener);
    return this;
  }

  off<E extends keyof Incoming>(event: E, listener: Incoming[E]): this {
    const index = this.listeners.findIndex(([e, l]) => e === event && l === (listener as AnyListener));
    if (index >= 0) this.listeners.splice(index, 1);
    (this.real?.off as ((e: string, l: AnyListener) => void) | undefined)?.call(this.real, event, listener as AnyListener);
    return this;
  }

  emit<E extends keyof ClientToServerEvents>(event: E, ...args: Parameters<ClientToServerEvents[E]>): this {
    const send = (socket: RealSocket) => (socket.emit as (e: string, ...a: unknown[]) => void)(event, ...args);
    if (this.real) send(this.real);
    else this.queue.push(send);
    return this;
  }

  timeout(ms: number): TimedEmitter {
    const emitWithAck = async (event: string, ...args: unknown[]) => {
      const socket = await this.ready;
      return (socket.timeout(ms).emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>)(event, ...args);
    };
    return { emitWithAck: emitWithAck as TimedEmitter["emitWithAck"] };
  }

  /** Connects again after the server closed the connection (a renewed session has a new cookie). */
  reconnect(): void {
    if (!this.closed && this.real && !this.real.connected) this.real.connect();
  }

  disconnect(): void {
    this.closed = true;
    this.real?.disconnect();
  }
}

let socket: ChatSocket | null = null;
let receipts: ReceiptPacer | null = null;

/** Sends a delivered or read receipt, paced (see ReceiptPacer): every receipt goes through here. */
export function sendReceipt(kind: ReceiptKind, conversationId: number, messageId: number): void {
  receipts ??= new ReceiptPacer((k, c, m) => getSocket().emit(k === "read" ? "receipt:read" : "receipt:delivered", { conversationId: c, messageId: m }));
  receipts.push(kind, conversationId, messageId);
}

export function getSocket(): ChatSocket {
  socket ??= new ChatSocket();
  return socket;
}

/** Drops the socket before signing out, so the server forgets this tab at once. */
export function closeSocket(): void {
  socket?.disconnect();
  socket = null;
}
