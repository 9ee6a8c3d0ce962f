import type { ConversationRecord } from "../../db/store";
import type { Services } from "../services";
import type { Audience } from "./notifications";

/**
 * Who hears about a conversation. Private conversations and groups name their members, read from
 * the database right after the change committed: someone removed a moment ago is not in that list,
 * on any instance, whatever their sockets are doing. The lobby, which can hold everyone, is one
 * audience its members' tabs join, so a message there costs one broadcast.
 */
export async function conversationAudience(
  services: Pick<Services, "store">,
  conversation: Pick<ConversationRecord, "id" | "kind">,
  exceptUserId?: number,
): Promise<Audience | null> {
  if (conversation.kind === "lobby") {
    return exceptUserId === undefined ? { lobby: conversation.id } : { lobby: conversation.id, exceptUsers: [exceptUserId] };
  }
  return usersAudience((await services.store.listMemberIds(conversation.id)).filter((id) => id !== exceptUserId));
}

/** The same, when the members are known already (read in the transaction that made the change). */
export function knownAudience(conversation: Pick<ConversationRecord, "id" | "kind">, memberIds: readonly number[] | null): Audience | null {
  if (conversation.kind === "lobby" || memberIds === null) return { lobby: conversation.id };
  return usersAudience(memberIds);
}

/** These people's tabs; null for nobody. */
export function usersAudience(userIds: readonly number[]): Audience | null {
  return userIds.length === 0 ? null : { users: userIds };
}

/**
 * Who sees a person's passing signals in a conversation (typing, read positions): the other
 * members, except anyone on either side of a block with them; in the lobby, only the tabs that
 * have it open (docs/decisions/0009), since a crowd's typing is noise to everyone else.
 */
export async function othersWatching(
  services: Pick<Services, "store">,
  conversation: Pick<ConversationRecord, "id" | "kind">,
  userId: number,
): Promise<Audience | null> {
  const { store } = services;
  const [blocked, blockers] = await Promise.all([store.listBlockedIds(userId), store.listBlockerIds(userId)]);
  const hidden = new Set([...blocked, ...blockers]);
  if (conversation.kind === "lobby") return { viewers: conversation.id, exceptUsers: [userId, ...hidden] };
  const members = await store.listMemberIds(conversation.id);
  return usersAudience(members.filter((id) => id !== userId && !hidden.has(id)));
}
