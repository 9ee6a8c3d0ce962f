import type { ChatMessage, ConversationSummary, UserWithPresence } from "../chat/types";

export interface PersonEntry {
  user: UserWithPresence;
  conversationId: number | null;
  lastMessage: ChatMessage | null;
}

/** People with a conversation come first, newest message first; everyone else by name. */
export function buildPeopleList(people: readonly UserWithPresence[], conversations: readonly ConversationSummary[]): PersonEntry[] {
  const byPeer = new Map(conversations.map((c) => [c.peer.id, c]));
  const entries = people.map((user) => {
    const conversation = byPeer.get(user.id);
    return { user, conversationId: conversation?.id ?? null, lastMessage: conversation?.lastMessage ?? null };
  });
  return entries.sort((a, b) => {
    const byRecent = (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0);
    return byRecent !== 0 ? byRecent : a.user.username.localeCompare(b.user.username);
  });
}

/** Records a new last message; false when the conversation is not in the list yet. */
export function withLastMessage(
  conversations: readonly ConversationSummary[],
  message: ChatMessage,
): ConversationSummary[] | null {
  const index = conversations.findIndex((c) => c.id === message.conversationId);
  const current = conversations[index];
  if (!current) return null;
  if (current.lastMessage && current.lastMessage.id >= message.id) return [...conversations];
  const next = [...conversations];
  next[index] = { ...current, lastMessage: message };
  return next;
}

export function withPresence(people: readonly UserWithPresence[], update: { userId: number; username: string; online: boolean }) {
  const known = people.some((p) => p.id === update.userId);
  if (!known) return [...people, { id: update.userId, username: update.username, online: update.online }];
  return people.map((p) => (p.id === update.userId ? { ...p, online: update.online } : p));
}
