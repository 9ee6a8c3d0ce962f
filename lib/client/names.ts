import type { ConversationSummary } from "../chat/types";

/** Someone's name as shown: the display name they chose, else their username. */
export function shownName(person: { username: string; displayName?: string | null }): string {
  return person.displayName ?? person.username;
}

/** The shown name of a person by id; `fallback` (the username a payload carried) for someone not known yet. */
export type NameOf = (userId: number, fallback: string) => string;

/** A chat's name as shown: the other person's shown name in a private chat, else its title. */
export function chatTitle(conversation: ConversationSummary, nameOf: NameOf): string {
  return conversation.kind === "private" && conversation.peer ? nameOf(conversation.peer.id, conversation.peer.username) : conversation.title;
}
