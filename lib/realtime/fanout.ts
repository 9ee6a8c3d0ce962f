import type { Audience, ChatEvent, Notifier } from "../chat/notifications";
import type { ChatServer } from "../services";
import { conversationRoom, userRoom, viewingRoom } from "./events";

type Broadcast = ReturnType<ChatServer["to"]>;

function target(io: ChatServer, to: Audience): Broadcast | null {
  if ("everyone" in to) return io.except([]);
  let rooms: string[];
  if ("users" in to) rooms = to.users.map(userRoom);
  else if ("lobby" in to) rooms = [conversationRoom(to.lobby)];
  else rooms = [viewingRoom(to.viewers)];
  // An empty room list would mean "everyone" to Socket.IO.
  if (rooms.length === 0) return null;
  const except = to.exceptUsers?.map(userRoom) ?? [];
  return except.length ? io.to(rooms).except(except) : io.to(rooms);
}

/**
 * The one place domain events become Socket.IO traffic: each audience maps to rooms (a person's
 * `user:<id>`, the lobby's `conversation:<id>`, the viewers' `viewing:<id>`), on every instance
 * through the adapter.
 */
export function createSocketFanout(io: ChatServer): Notifier {
  return {
    publish(events: readonly ChatEvent[]) {
      for (const event of events) {
        if ("op" in event) {
          if (event.op === "join-lobby") {
            // With the Redis adapter, a cluster-wide socketsJoin reaches this instance's own sockets
            // only when its request comes back from Redis, after the next notification was already
            // broadcast here: join the local sockets now, then those on the other instances.
            io.local.in(userRoom(event.userId)).socketsJoin(conversationRoom(event.lobby));
            io.in(userRoom(event.userId)).socketsJoin(conversationRoom(event.lobby));
          } else if (event.op === "leave") {
            io.in(userRoom(event.userId)).socketsLeave([conversationRoom(event.conversationId), viewingRoom(event.conversationId)]);
          } else {
            io.in(userRoom(event.userId)).disconnectSockets(true);
          }
          continue;
        }
        const to = target(io, event.to);
        if (!to) continue;
        (to.emit as (name: string, ...args: unknown[]) => boolean)(event.event, ...event.args);
      }
    },
  };
}
