"use client";

import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../realtime/events";

type RealSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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
      for (const [event, listener] of this.listeners) (socket.on as (e: string, l: AnyListener) => void)(event, listener);
      this.real = socket;
      for (const run of this.queue.splice(0)) run(socket);
      return socket;
    });
  }

  get connected(): boolean {
    return this.real?.connected ?? false;
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

  disconnect(): void {
    this.closed = true;
    this.real?.disconnect();
  }
}

let socket: ChatSocket | null = null;

export function getSocket(): ChatSocket {
  socket ??= new ChatSocket();
  return socket;
}

/** Drops the socket before signing out, so the server forgets this tab at once. */
export function closeSocket(): void {
  socket?.disconnect();
  socket = null;
}
