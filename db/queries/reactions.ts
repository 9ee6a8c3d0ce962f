/** Who reacted with what, as a message carries it (messages.reactions, JSON). */
export interface StoredReaction {
  emoji: string;
  /** In the order they reacted. */
  userIds: number[];
}

/** At most this many different emoji on one message: a reaction row is not a message board. */
export const REACTION_KINDS_MAX = 20;

/** The column as stored; anything unreadable counts as no reactions rather than failing a page. */
export function parseReactions(json: string | null | undefined): StoredReaction[] {
  if (!json || json === "[]") return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as StoredReaction[]) : [];
  } catch {
    return [];
  }
}

/** The column from a message's reaction rows, oldest first: each emoji where it first appeared. */
export function summarizeReactions(rows: readonly { emoji: string; userId: number }[]): StoredReaction[] {
  const byEmoji = new Map<string, number[]>();
  for (const row of rows) {
    const users = byEmoji.get(row.emoji) ?? [];
    users.push(Number(row.userId));
    byEmoji.set(row.emoji, users);
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, userIds }));
}
