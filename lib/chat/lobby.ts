import type { ConversationRecord, MembershipRecord, Store } from "../../db/store";
import type { Services } from "../services";
import { messageEvents } from "./notices";
import { LOBBY_TITLE, type PublicUser } from "./types";

// The lobby's id never changes once made: one lookup per store, not one per request.
const lobbies = new WeakMap<Store, Promise<ConversationRecord>>();

/** The one lobby, created the first time anyone needs it. */
export function lobbyConversation(services: Pick<Services, "store">): Promise<ConversationRecord> {
  let lobby = lobbies.get(services.store);
  if (!lobby) {
    lobby = services.store.getOrCreateLobby(LOBBY_TITLE, Date.now());
    lobbies.set(services.store, lobby);
    // A failed first attempt must not be remembered.
    lobby.catch(() => lobbies.delete(services.store));
  }
  return lobby;
}

/**
 * Joins the lobby: from now on its messages reach the user's sockets on every instance and count as
 * unread. Everyone reads the lobby's whole history.
 */
export async function joinLobby(services: Pick<Services, "store" | "notifier">, user: PublicUser): Promise<MembershipRecord> {
  const lobby = await lobbyConversation(services);
  const notice = await services.store.joinLobby({
    lobbyId: lobby.id,
    userId: user.id,
    at: Date.now(),
    notice: { actor: user, body: `${user.username} joined the lobby` },
  });
  // Their tabs hear the lobby before the notice of their joining goes out, so they get it too.
  if (notice) {
    services.notifier.publish([{ op: "join-lobby", userId: user.id, lobby: lobby.id }, ...(await messageEvents(services, lobby, [notice]))]);
  }
  const membership = await services.store.findMembership(lobby.id, user.id);
  if (!membership) throw new Error("lobby membership vanished right after joining");
  return membership;
}
