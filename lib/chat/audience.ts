import type { ConversationRecord } from "../../db/queries";
import { conversationRoom, userRoom } from "../realtime/events";
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
