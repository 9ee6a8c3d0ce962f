/**
 * What the message box offers as one types: emoji after `:` and two letters, people after `@`.
 * Pure text work here; components/composer-suggestions.tsx draws the list.
 */

export interface Trigger {
  kind: "emoji" | "mention";
  /** What follows the `:` or `@`. */
  query: string;
  /** Where the `:` or `@` is. */
  start: number;
}

// A trigger starts a word: at the start, or after a space or an opening bracket or quote.
const EMOJI_TRIGGER = /(?:^|[\s([{"'])(:([a-z0-9_+-]{2,40}))$/i;
const MENTION_TRIGGER = /(?:^|[\s([{"'])(@([a-z0-9_.-]{0,32}))$/i;

/** The trigger the caret is at the end of, if any. */
export function findTrigger(text: string, caret: number): Trigger | null {
  const before = text.slice(0, caret);
  const emoji = EMOJI_TRIGGER.exec(before);
  if (emoji) return { kind: "emoji", query: emoji[2]!, start: caret - emoji[1]!.length };
  const mention = MENTION_TRIGGER.exec(before);
  if (mention) return { kind: "mention", query: mention[2]!, start: caret - mention[1]!.length };
  return null;
}

/** The text with the trigger replaced by `insert` and a space, and where the caret goes. */
export function applySuggestion(text: string, caret: number, trigger: Trigger, insert: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const spaced = after.startsWith(" ") ? insert : `${insert} `;
  return { text: text.slice(0, trigger.start) + spaced + after, caret: trigger.start + spaced.length };
}

export interface MentionCandidate {
  username: string;
  /** As shown: the display name, or the username. */
  name: string;
}

/** People whose username or shown name starts with the query (or has a word that does), case-blind. */
export function matchPeople(people: readonly MentionCandidate[], query: string, limit = 8): MentionCandidate[] {
  const q = query.toLowerCase();
  const starts = (s: string) => s.toLowerCase().startsWith(q) || s.toLowerCase().split(/\s+/).some((w) => w.startsWith(q));
  return people.filter((p) => starts(p.username) || starts(p.name)).slice(0, limit);
}
