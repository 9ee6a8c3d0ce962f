import type { ConversationRecord, MembershipRecord, Queries } from "../../db/queries";
import type { Services } from "../services";
import { insertNotice, messageEvents } from "./notices";
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
export function joinLobby(services: Pick<Services, "queries" | "notifier">, user: PublicUser): MembershipRecord {
  const lobby = lobbyConversation(services);
  const notice = services.queries.inTransaction(() =>
    services.queries.addMember(lobby.id, user.id, "member", Date.now(), true)
      ? insertNotice(services, lobby.id, user, `${user.username} joined the lobby`)
      : null,
  );
  // Their tabs hear the lobby before the notice of their joining goes out, so they get it too.
  if (notice) services.notifier.publish([{ op: "join-lobby", userId: user.id, lobby: lobby.id }, ...messageEvents(services, lobby, [notice])]);
  const membership = services.queries.findMembership(lobby.id, user.id);
  if (!membership) throw new Error("lobby membership vanished right after joining");
  return membership;
}
