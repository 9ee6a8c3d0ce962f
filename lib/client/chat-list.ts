import type { ChatMessage, ConversationSummary, UserWithPresence } from "../chat/types";
import { chatTitle, shownName, type NameOf } from "./names";

/** Case- and accent-blind, so "zoe" finds "Zoë". */
export function normalise(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().trim();
}

function matches(name: string, query: string): boolean {
  return query === "" || normalise(name).includes(query);
}

const byUsername: NameOf = (_id, username) => username;

/**
 * The one chat list: private chats, groups and the lobby together, newest activity first (message
 * ids are global and increase, so they order activity across conversations without clocks). Ties,
 * such as chats with no message yet, go lobby first, then by name. A private chat matches the
 * query by the other person's shown name or their username.
 */
export function chatList(conversations: Iterable<ConversationSummary>, query = "", nameOf: NameOf = byUsername): ConversationSummary[] {
  const q = normalise(query);
  const titled = [...conversations].map((c) => ({ c, title: chatTitle(c, nameOf) }));
  return titled
    .filter(({ c, title }) => matches(title, q) || (c.peer !== null && c.kind === "private" && matches(c.peer.username, q)))
    .sort(
      (a, b) =>
        (b.c.lastMessage?.id ?? 0) - (a.c.lastMessage?.id ?? 0) ||
        Number(b.c.kind === "lobby") - Number(a.c.kind === "lobby") ||
        a.title.localeCompare(b.title),
    )
    .map(({ c }) => c);
}

/**
 * People whose shown name or username contains the query, those whose name starts with it first,
 * then by shown name; nobody for an empty query.
 */
export function findPeople(people: Iterable<UserWithPresence>, query: string, limit = 20): UserWithPresence[] {
  const q = normalise(query);
  if (q === "") return [];
  const names = (p: UserWithPresence) => [normalise(shownName(p)), normalise(p.username)];
  const startsWith = (p: UserWithPresence) => Number(names(p).some((n) => n.startsWith(q) || n.includes(` ${q}`)));
  return [...people]
    .filter((p) => names(p).some((n) => n.includes(q)))
    .sort((a, b) => startsWith(b) - startsWith(a) || shownName(a).localeCompare(shownName(b)))
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
export function previewOf(conversation: ConversationSummary, myId: number, nameOf: NameOf = byUsername): string {
  const last = conversation.lastMessage;
  if (!last) return "";
  if (last.kind === "notice") return last.body;
  const text = last.deleted ? "message deleted" : withFiles(last);
  if (last.senderId === myId) return `You: ${text}`;
  return conversation.kind === "private" ? text : `${nameOf(last.senderId, last.senderName)}: ${text}`;
}

/** A message with files in one line: "📷 Photo", "📎 report.pdf", "📎 3 files", the caption if any. */
function withFiles(message: ChatMessage): string {
  const files = message.attachments;
  if (files.length === 0) return message.body;
  const photos = files.every((f) => f.thumbnailUrl !== undefined);
  const what = message.body || (files.length > 1 ? `${files.length} ${photos ? "photos" : "files"}` : photos ? "Photo" : files[0]!.name);
  return `${photos ? "📷" : "📎"} ${what}`;
}
