/**
 * @mentions in message text, read the same way by the server (who is notified, the "@" in the
 * chat list) and by the browser (what is highlighted).
 */

/**
 * `@name` where name is a username (3-32 of letters, digits and `_ . -`, not ending in a dot, so
 * "@bob." ends a sentence), not inside a word or an e-mail address.
 */
export const MENTION = /(?<![\p{L}\p{N}_.@-])@([A-Za-z0-9_-][A-Za-z0-9_.-]{1,30}[A-Za-z0-9_-])(?![A-Za-z0-9_-])/gu;

export type TextPart = { text: string } | { mention: string; text: string };

/** Text cut into plain runs and mentions (`mention`: the username, lower case; `text`: as written), in order. */
export function splitMentions(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(MENTION)) {
    const start = match.index;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ mention: (match[1] ?? "").toLowerCase(), text: match[0] });
    at = start + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/** Mentions a message can notify at most: a longer list of names is noise, not a call. */
export const MENTIONS_MAX = 50;

/** The usernames a text mentions, lower case, each once, at most MENTIONS_MAX. */
export function mentionedUsernames(text: string): string[] {
  const names = new Set<string>();
  for (const part of splitMentions(text)) {
    if ("mention" in part) names.add(part.mention);
    if (names.size === MENTIONS_MAX) break;
  }
  return [...names];
}

/** Whether a text calls this username (lower case, as stored). */
export function mentions(text: string, username: string): boolean {
  return text.includes("@") && splitMentions(text).some((part) => "mention" in part && part.mention === username);
}
