import type { Socket } from "socket.io";
import { requireMembership } from "../chat/conversations";
import { lobbyConversation } from "../chat/lobby";
import type { Services } from "../services";
import { viewingRoom, type ClientToServerEvents, type InterServerEvents, type ServerToClientEvents, type SocketData } from "./events";

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Records which conversation a socket shows. Only the lobby gets a room for it: its typing goes to
 * those watching it, not to every member (docs/decisions/0009). Private conversations and groups
 * fan out to their members and need no room state (docs/decisions/0007); naming one you are not a
 * member of is refused like any other access to it.
 */
export async function setViewing(socket: ChatSocket, services: Pick<Services, "store">, conversationId: number | null): Promise<void> {
  const lobby = await lobbyConversation(services);
  // Anyone signed in may read the lobby, so showing it needs no membership.
  if (conversationId !== null && conversationId !== lobby.id) await requireMembership(services, socket.data.user.id, conversationId);
  if (conversationId === lobby.id) void socket.join(viewingRoom(lobby.id));
  else void socket.leave(viewingRoom(lobby.id));
}
