/**
 * The formatting messages may use (README, "Formatting"), and the rules that keep it safe. Message
 * text is hostile: it is parsed by react-markdown (never by hand), raw HTML is skipped, only the
 * elements below are ever produced, only http(s) URLs become links, and nothing loads an image.
 */

/** Everything a formatted message can contain; anything else is replaced by its text. */
export const ALLOWED_ELEMENTS = ["p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span"] as const;

/** The rel every link carries: no window.opener, no referrer, no endorsement. */
export const LINK_REL = "noopener noreferrer nofollow";

/** An http(s) URL stays; every other scheme (javascript:, data:, mailto:…) and relative paths do not. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

// Quotes and lists nested deeper than this are shown as plain text: the parser walks nesting
// recursively, and a message of ">>>>…" or "- - - …" would overflow the stack of whoever reads it.
const NESTING_MAX = 8;
const INDENT_MAX = 40;
const CONTAINERS = /^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;

/**
 * Whether a text may hold formatting or a link, and is safe to parse. Plain text (most messages)
 * is shown as it is, without loading the markdown renderer at all.
 */
export function mayHaveFormatting(text: string): boolean {
  if (!/[*_~`]|https?:\/\/|www\.|^\s*(>|[-+*]\s|\d+[.)]\s)/im.test(text)) return false;
  for (const line of text.split("\n")) {
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    const markers = CONTAINERS.exec(line)?.[0].match(/>|[-+*]|\d+[.)]/g)?.length ?? 0;
    if (indent > INDENT_MAX || markers > NESTING_MAX) return false;
  }
  return true;
}
