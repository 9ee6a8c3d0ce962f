"use client";

import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../realtime/events";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ChatSocket | null = null;

/** The page's one socket: every hook shares it, so a user has one connection per tab. */
export function getSocket(): ChatSocket {
  socket ??= io({
    // WebSocket first; polling only if the WebSocket cannot be opened (e.g. a proxy strips upgrades).
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    // A handshake slower than this is treated as failed, so the banner and retries start sooner.
    timeout: 10_000,
    withCredentials: true,
  });
  return socket;
}

/** Drops the socket before signing out, so the server forgets this tab at once. */
export function closeSocket(): void {
  socket?.disconnect();
  socket = null;
}
