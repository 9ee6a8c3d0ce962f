import type { MemberRecord, MembershipRecord } from "../../db/store";
import type { Services } from "../services";
import { HISTORY_DEFAULT_LIMIT, type HistoryQuery } from "../validation";
import { ChatError, conversationNotFound } from "./errors";
import { joinLobby, lobbyConversation } from "./lobby";
import { avatarUrl, toChatMessage } from "./serialize";
import {
  LOBBY_TITLE,
  type ConversationSummary,
  type MessagePage,
  type PublicUser,
  type UserWithPresence,
} from "./types";

type Deps = Pick<Services, "store">;

/** The user's membership of the conversation; the same "not found" for strangers as for nothing. */
export async function requireMembership(services: Deps, userId: number, conversationId: number): Promise<MembershipRecord> {
  const membership = await services.store.findMembership(conversationId, userId);
  if (!membership) throw conversationNotFound();
  return membership;
}

/**
 * Like requireMembership, for changes: writing to the lobby (sending, muting) joins it. Reads never
 * join (see readableConversation): a state change on GET could be triggered by a link on any site.
 */
export async function openConversation(
  services: Pick<Services, "store" | "notifier">,
  user: PublicUser,
  conversationId: number,
): Promise<MembershipRecord> {
  const membership = await services.store.findMembership(conversationId, user.id);
  if (membership) return membership;
  if (conversationId === (await lobbyConversation(services)).id) return joinLobby(services, user);
  throw conversationNotFound();
}

/** For reads: my membership, or, for the lobby that everyone may read, a view of all of it without joining. */
export async function readableConversation(
  services: Deps,
  userId: number,
  conversationId: number,
): Promise<Pick<MembershipRecord, "id" | "kind" | "visibleFromId">> {
  const membership = await services.store.findMembership(conversationId, userId);
  if (membership) return membership;
  const lobby = await lobbyConversation(services);
  if (conversationId === lobby.id) return { id: lobby.id, kind: "lobby", visibleFromId: 0 };
  throw conversationNotFound();
}

/**
 * Joins a conversation one may join by oneself, which is only the lobby; for one I am already in it
 * changes nothing. The summary comes back as the conversation list would show it.
 */
export async function joinConversation(
  services: Pick<Services, "store" | "notifier">,
  user: PublicUser,
  conversationId: number,
): Promise<ConversationSummary> {
  await openConversation(services, user, conversationId);
  const summary = (await listConversations(services, user.id)).find((c) => c.id === conversationId);
  if (!summary) throw conversationNotFound();
  return summary;
}

export const blockedError = () => new ChatError("forbidden", "You cannot message this person");
/**
 * A message (or typing) into a private chat with a block either way. The sender learns no more
 * than WhatsApp tells: it did not arrive. Who blocked whom stays unsaid.
 */
export const notDeliveredError = () => new ChatError("forbidden", "Message not delivered");

/** In a private conversation, a block either way stops new messages (and typing). */
export async function requireNotBlocked(services: Deps, userId: number, membership: MembershipRecord): Promise<void> {
  if (membership.kind !== "private") return;
  const peer = (await services.store.listMemberIds(membership.id)).find((id) => id !== userId);
  if (peer !== undefined && await services.store.isBlockedEitherWay(userId, peer)) throw notDeliveredError();
}

/** The private conversation with a person, if there is one; creates nothing. */
export async function findPrivateConversation(services: Deps, userId: number, peerId: number): Promise<number | null> {
  return (await services.store.findPrivateConversation(userId, peerId))?.id ?? null;
}

export async function openPrivateConversation(services: Deps, userId: number, peerId: number): Promise<{ id: number; peer: PublicUser }> {
  if (peerId === userId) throw new ChatError("invalid", "You cannot open a conversation with yourself");
  const peer = await services.store.findUserById(peerId);
  if (!peer) throw new ChatError("not_found", "User not found");
  if (await services.store.isBlockedEitherWay(userId, peerId)) throw blockedError();
  const conversation = await services.store.getOrCreatePrivateConversation(userId, peerId, Date.now());
  return { id: conversation.id, peer };
}

/** My conversations, newest activity first, with the lobby always first whether I joined it or not. */
export async function listConversations(services: Deps, userId: number): Promise<ConversationSummary[]> {
  const lobby = await lobbyConversation(services);
  const { summaries: rows, members: memberRows } = await services.store.listConversations(userId);
  const membersByConversation = new Map<number, MemberRecord[]>();
  for (const m of memberRows) {
    const list = membersByConversation.get(m.conversationId);
    if (list) list.push(m);
    else membersByConversation.set(m.conversationId, [m]);
  }
  // Read positions are not shown across a block, either way (as they are not pushed live).
  const [blocked, blockers] = await Promise.all([services.store.listBlockedIds(userId), services.store.listBlockerIds(userId)]);
  const hidden = new Set([...blocked, ...blockers]);
  const summaries = rows.map((c): ConversationSummary => {
    const members = membersByConversation.get(c.id) ?? [];
    const peer = c.kind === "private" ? members.find((m) => m.userId !== userId) : undefined;
    return {
      id: c.id,
      kind: c.kind,
      title: c.kind === "lobby" ? LOBBY_TITLE : c.kind === "private" ? (peer?.username ?? "") : (c.title ?? ""),
      peer: peer ? { id: peer.userId, username: peer.username } : null,
      members: members.map((m) => ({ id: m.userId, username: m.username, role: m.role })),
      memberCount: c.memberCount,
      joined: true,
      myRole: c.role,
      muted: c.muted,
      lastMessage: c.lastMessage && toChatMessage(c.lastMessage),
      unreadCount: c.unreadCount,
      mentioned: c.mentioned,
      receipts:
        c.kind === "lobby"
          ? [{ userId, ...c.mine }]
          : members
              .filter((m) => !hidden.has(m.userId))
              .map((m) => ({ userId: m.userId, lastDeliveredId: m.lastDeliveredId, lastReadId: m.lastReadId })),
    };
  });
  const lobbyIndex = summaries.findIndex((c) => c.id === lobby.id);
  const lobbySummary = summaries.splice(lobbyIndex, lobbyIndex >= 0 ? 1 : 0)[0] ?? {
    id: lobby.id,
    kind: "lobby",
    title: LOBBY_TITLE,
    peer: null,
    members: [],
    memberCount: await services.store.countMembers(lobby.id),
    joined: false,
    myRole: "member",
    muted: false,
    lastMessage: null,
    unreadCount: 0,
    mentioned: false,
    receipts: [],
  };
  return [lobbySummary, ...summaries];
}

/** Everyone else, with presence, except that someone who blocked me shows as offline. */
export async function listPeople(services: Pick<Services, "store" | "presence">, userId: number): Promise<UserWithPresence[]> {
  const onlineIds = await services.presence.onlineUserIds();
  const hiddenFrom = new Set(await services.store.listBlockerIds(userId));
  const blocked = new Set(await services.store.listBlockedIds(userId));
  return (await services.store.listUsersExcept(userId)).map((u) => {
    const hidden = hiddenFrom.has(u.id);
    const online = !hidden && onlineIds.has(u.id);
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      avatarUrl: avatarUrl(u.id, u.avatarKey),
      online,
      lastSeenAt: online || hidden || u.lastSeenAt === null ? null : new Date(u.lastSeenAt).toISOString(),
      blocked: blocked.has(u.id),
    };
  });
}

/**
 * One page of history, oldest first, from where the reader's membership began. Without `after` it
 * pages backwards from `before` (or the newest message); with `after` it pages forwards.
 */
export async function getHistory(services: Deps, user: PublicUser, conversationId: number, query: HistoryQuery): Promise<MessagePage> {
  const membership = await readableConversation(services, user.id, conversationId);
  const limit = query.limit ?? HISTORY_DEFAULT_LIMIT;
  const from = membership.visibleFromId;
  if (query.after !== undefined) {
    const rows = await services.store.listMessagesAfter(conversationId, Math.max(query.after, from), limit, from);
    return { messages: rows.map(toChatMessage), nextCursor: null };
  }
  const rows = await services.store.listMessagesBefore(conversationId, query.before ?? Number.MAX_SAFE_INTEGER, limit, from);
  const oldest = rows[0];
  return {
    messages: rows.map(toChatMessage),
    nextCursor: rows.length === limit && oldest ? oldest.id : null,
  };
}
