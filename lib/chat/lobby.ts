import type { ConversationRecord, MembershipRecord, Queries } from "../../db/queries";
import { conversationRoom, userRoom } from "../realtime/events";
import type { Services } from "../services";
import { insertNotice, publishMessages } from "./notices";
import { LOBBY_TITLE, type PublicUser } from "./types";

const lobbies = new WeakMap<Queries, ConversationRecord>();

/** The one lobby, created the first time anyone needs it. */
export function lobbyConversation(services: Pick<Services, "queries">): ConversationRecord {
  let lobby = lobbies.get(services.queries);
  if (!lobby) {
    lobby = services.queries.getOrCreateLobby(LOBBY_TITLE, Date.now());
    lobbies.set(services.queries, lobby);
  }
  return lobby;
}

/**
 * Joins the lobby (opening it is joining): from now on its messages reach the user's sockets on
 * every instance and count as unread. Everyone reads the lobby's whole history.
 */
export function joinLobby(services: Pick<Services, "queries" | "io">, user: PublicUser): MembershipRecord {
  const lobby = lobbyConversation(services);
  const notice = services.queries.inTransaction(() =>
    services.queries.addMember(lobby.id, user.id, "member", Date.now(), true)
      ? insertNotice(services, lobby.id, user, `${user.username} joined the lobby`)
      : null,
  );
  if (notice) {
    // With the Redis adapter, a cluster-wide socketsJoin reaches this instance's own sockets only
    // when its request comes back from Redis, after the notice below was already broadcast here:
    // join the local sockets now, then those on the other instances.
    services.io?.local.in(userRoom(user.id)).socketsJoin(conversationRoom(lobby.id));
    services.io?.in(userRoom(user.id)).socketsJoin(conversationRoom(lobby.id));
    publishMessages(services, lobby, [notice]);
  }
  const membership = services.queries.findMembership(lobby.id, user.id);
  if (!membership) throw new Error("lobby membership vanished right after joining");
  return membership;
}
