import type { Services } from "../services";
import { HISTORY_DEFAULT_LIMIT, SYNC_DEFAULT_LIMIT, type HistoryQuery, type SyncQuery } from "../validation";
import { ChatError, conversationNotFound } from "./errors";
import { toChatMessage } from "./serialize";
import type { ConversationSummary, MessagePage, PublicUser, SyncPage, UserWithPresence } from "./types";

type Deps = Pick<Services, "queries">;

/** Member ids of the conversation, after checking that `userId` is one of them. */
export function requireMembership(services: Deps, userId: number, conversationId: number): number[] {
  const members = services.queries.listMemberIds(conversationId);
  if (!members.includes(userId)) throw conversationNotFound();
  return members;
}

export function openPrivateConversation(services: Deps, userId: number, peerId: number): { id: number; peer: PublicUser } {
  if (peerId === userId) throw new ChatError("invalid", "You cannot open a conversation with yourself");
  const peer = services.queries.findUserById(peerId);
  if (!peer) throw new ChatError("not_found", "User not found");
  const conversation = services.queries.getOrCreatePrivateConversation(userId, peerId, Date.now());
  return { id: conversation.id, peer };
}

export function listConversations(services: Deps, userId: number): ConversationSummary[] {
  return services.queries.listConversationSummaries(userId).map((c) => ({
    id: c.id,
    kind: c.kind,
    peer: { id: c.peerId, username: c.peerName },
    lastMessage: c.lastMessage && toChatMessage(c.lastMessage),
    unreadCount: c.unreadCount,
    receipts: [
      { userId, ...c.mine },
      { userId: c.peerId, ...c.peer },
    ],
  }));
}

export async function listPeople(services: Pick<Services, "queries" | "presence">, userId: number): Promise<UserWithPresence[]> {
  const onlineIds = await services.presence.onlineUserIds();
  return services.queries.listUsersExcept(userId).map((u) => {
    const online = onlineIds.has(u.id);
    return {
      id: u.id,
      username: u.username,
      online,
      lastSeenAt: online || u.lastSeenAt === null ? null : new Date(u.lastSeenAt).toISOString(),
    };
  });
}

/**
 * One page of history, oldest first. Without `after` it pages backwards from `before` (or the newest
 * message); with `after` it pages forwards, which is how a client catches up after a reconnect.
 */
export function getHistory(services: Deps, userId: number, conversationId: number, query: HistoryQuery): MessagePage {
  requireMembership(services, userId, conversationId);
  const limit = query.limit ?? HISTORY_DEFAULT_LIMIT;
  if (query.after !== undefined) {
    const rows = services.queries.listMessagesAfter(conversationId, query.after, limit);
    return { messages: rows.map(toChatMessage), nextCursor: null };
  }
  const rows = services.queries.listMessagesBefore(conversationId, query.before ?? Number.MAX_SAFE_INTEGER, limit);
  const oldest = rows[0];
  return {
    messages: rows.map(toChatMessage),
    nextCursor: rows.length === limit && oldest ? oldest.id : null,
  };
}

/**
 * Catch-up after any reconnect: everything above the newest id a client holds, across all of the
 * user's conversations, in id order. Membership is the join itself, so nothing else leaks in.
 */
export function syncMessages(services: Deps, userId: number, query: SyncQuery): SyncPage {
  const limit = query.limit ?? SYNC_DEFAULT_LIMIT;
  const rows = services.queries.listMessagesForUserAfter(userId, query.after, limit);
  return {
    messages: rows.map(toChatMessage),
    cursor: rows.at(-1)?.id ?? query.after,
    hasMore: rows.length === limit,
  };
}
