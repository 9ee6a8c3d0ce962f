import type { ServerToClientEvents } from "../realtime/events";

/**
 * Who is told, in the domain's words: everyone connected, people (all their tabs, on every
 * instance), everyone in the lobby, or the tabs that have a conversation open. The fan-out module turns these into rooms.
 */
export type Audience =
  | { everyone: true }
  | { users: readonly number[]; exceptUsers?: readonly number[] }
  | { lobby: number; exceptUsers?: readonly number[] }
  | { viewers: number; exceptUsers?: readonly number[] };

/** One event for one audience, typed by the client contract. */
export type Notification = {
  [K in keyof ServerToClientEvents]: { to: Audience; event: K; args: Parameters<ServerToClientEvents[K]> };
}[keyof ServerToClientEvents];

/** Changes to who hears what, applied in order with the notifications around them. */
export type AudienceChange =
  /** The person's tabs start hearing the lobby (before the notice of their joining goes out). */
  | { op: "join-lobby"; userId: number; lobby: number }
  /** The person's tabs stop hearing a conversation's room, should they be in it. */
  | { op: "leave"; userId: number; conversationId: number }
  /** The person's sessions ended: every tab is disconnected. */
  | { op: "disconnect"; userId: number };

export type ChatEvent = Notification | AudienceChange;

/**
 * Where domain functions hand what happened, after the transaction that made it has committed
 * (never before, and never for one that rolled back). Socket.IO is one subscriber; web push will
 * be another. Domain code never talks to Socket.IO itself.
 */
export interface Notifier {
  publish(events: readonly ChatEvent[]): void;
}

/** For processes with no live clients (scripts, the build): nothing to tell. */
export const silentNotifier: Notifier = { publish() {} };

/** Builds one notification; `to` null means nobody is listening, and nothing is built. */
export function notification<K extends keyof ServerToClientEvents>(
  to: Audience | null,
  event: K,
  ...args: Parameters<ServerToClientEvents[K]>
): Notification[] {
  return to ? [{ to, event, args } as Notification] : [];
}
