import type { ChatMessage } from "../chat/types";
import type { SendMessageInput } from "../validation";

/**
 * The Socket.IO contract, shared by server and browser: renaming an event or changing a payload
 * is a compile error on both sides. Payloads from clients are still parsed with lib/validation.
 */

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface PresenceUpdate {
  userId: number;
  username: string;
  online: boolean;
}

export interface ClientToServerEvents {
  "message:send": (payload: SendMessageInput, ack: (response: Ack<{ message: ChatMessage }>) => void) => void;
}

export interface ServerToClientEvents {
  "message:new": (message: ChatMessage) => void;
  "presence:update": (update: PresenceUpdate) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  user: { id: number; username: string };
}

export const userRoom = (userId: number): string => `user:${userId}`;
