import type { ReplyQuote } from "./types";

/** How much of the answered message's text a quote carries: enough for two lines, never the whole. */
export const REPLY_EXCERPT_CHARS = 200;

/** The start of a text as a quote shows it, cut by characters as people count them (not UTF-16 units). */
export const excerptOf = (body: string): string => [...body].slice(0, REPLY_EXCERPT_CHARS).join("");

/** The quote of a message one sees, for the server's answers and the browser's own (Reply, refreshQuotes). */
export function shownQuote(m: {
  id: number;
  senderId: number;
  senderName: string;
  body: string;
  attachments: readonly { name: string; type: string }[];
}): Extract<ReplyQuote, { state: "shown" }> {
  const first = m.attachments[0];
  return {
    id: m.id,
    state: "shown",
    senderId: m.senderId,
    senderName: m.senderName,
    excerpt: excerptOf(m.body),
    attachment: first ? { name: first.name, type: first.type } : null,
  };
}
