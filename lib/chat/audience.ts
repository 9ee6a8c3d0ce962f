import type { ConversationRecord } from "../../db/queries";
import { conversationRoom, userRoom, viewingRoom } from "../realtime/events";
import type { ChatServer, Services } from "../services";

type Broadcast = ReturnType<ChatServer["to"]>;

/**
 * Who hears about a conversation, as Socket.IO rooms. Private conversations and groups name their
 * members' own rooms, read from the database at the moment of sending: someone removed a moment
 * ago is not in that list, on any instance, whatever their sockets are doing. The lobby, which can
 * hold everyone, is one room its members' sockets join, so a message there costs one broadcast.
 */
export function toConversation(
  services: Pick<Services, "queries" | "io">,
  conversation: Pick<ConversationRecord, "id" | "kind">,
  exceptUserId?: number,
): Broadcast | null {
  const { io } = services;
  if (!io) return null;
  const rooms =
    conversation.kind === "lobby"
      ? [conversationRoom(conversation.id)]
      : services.queries
          .listMemberIds(conversation.id)
          .filter((id) => id !== exceptUserId)
          .map(userRoom);
  // An empty room list would mean "everyone" to Socket.IO.
  if (rooms.length === 0) return null;
  const target = io.to(rooms);
  return exceptUserId === undefined ? target : target.except(userRoom(exceptUserId));
}

/** Every socket of these users, on every instance. */
export function toUsers(services: Pick<Services, "io">, userIds: readonly number[]): Broadcast | null {
  if (!services.io || userIds.length === 0) return null;
  return services.io.to(userIds.map(userRoom));
}

/**
 * Who sees a person's passing signals in a conversation (typing, read positions): the other
 * members, except anyone on either side of a block with them; in the lobby, only the sockets that
 * have it open (docs/decisions/0009), since a crowd's typing is noise to everyone else.
 */
export function toOthersWatching(
  services: Pick<Services, "queries" | "io">,
  conversation: Pick<ConversationRecord, "id" | "kind">,
  userId: number,
): Broadcast | null {
  const { io, queries } = services;
  if (!io) return null;
  const hidden = new Set([...queries.listBlockedIds(userId), ...queries.listBlockerIds(userId)]);
  if (conversation.kind === "lobby") {
    return io.to(viewingRoom(conversation.id)).except([userId, ...hidden].map(userRoom));
  }
  const rooms = queries
    .listMemberIds(conversation.id)
    .filter((id) => id !== userId && !hidden.has(id))
    .map(userRoom);
  // An empty room list would mean "everyone" to Socket.IO.
  return rooms.length === 0 ? null : io.to(rooms);
}
