import type { ConversationSummary, UserWithPresence } from "../chat/types";

/** Case- and accent-blind, so "zoe" finds "Zoë". */
export function normalise(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim();
}

function matches(name: string, query: string): boolean {
  return query === "" || normalise(name).includes(query);
}

/**
 * The one chat list: private chats, groups and the lobby together, newest activity first (message
 * ids are global and increase, so they order activity across conversations without clocks). Ties,
 * such as chats with no message yet, go lobby first, then by name.
 */
export function chatList(conversations: Iterable<ConversationSummary>, query = ""): ConversationSummary[] {
  const q = normalise(query);
  return [...conversations]
    .filter((c) => matches(c.title, q))
    .sort(
      (a, b) =>
        (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0) ||
        Number(b.kind === "lobby") - Number(a.kind === "lobby") ||
        a.title.localeCompare(b.title),
    );
}

/** People whose name contains the query, those I talk with first; nobody for an empty query. */
export function findPeople(people: Iterable<UserWithPresence>, query: string, limit = 20): UserWithPresence[] {
  const q = normalise(query);
  if (q === "") return [];
  return [...people]
    .filter((p) => normalise(p.username).includes(q))
    .sort((a, b) => Number(normalise(b.username).startsWith(q)) - Number(normalise(a.username).startsWith(q)) || a.username.localeCompare(b.username))
    .slice(0, limit);
}

/** The chat next to the open one, for Alt+↑ and Alt+↓; wraps around at either end. */
export function adjacentChat(list: readonly ConversationSummary[], openId: number | null, step: 1 | -1): ConversationSummary | null {
  if (list.length === 0) return null;
  const at = list.findIndex((c) => c.id === openId);
  if (at < 0) return step === 1 ? list[0]! : list.at(-1)!;
  return list[(at + step + list.length) % list.length]!;
}

/** The preview under a chat's name: who wrote it where that is not obvious, "You" for mine. */
export function previewOf(conversation: ConversationSummary, myId: number): string {
  const last = conversation.lastMessage;
  if (!last) return "";
  if (last.kind === "notice") return last.body;
  const text = last.deleted ? "message deleted" : last.body;
  if (last.senderId === myId) return `You: ${text}`;
  return conversation.kind === "private" ? text : `${last.senderName}: ${text}`;
}
