const segmenter = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/**
 * Whether a text is one to three emoji and nothing else (spaces aside): such a message shows large.
 * Counted in graphemes, so 👨‍👩‍👧 or 🇫🇷 is one.
 */
export function isFewEmoji(text: string): boolean {
  const trimmed = text.replace(/\s+/g, "");
  if (trimmed === "" || trimmed.length > 60 || !segmenter) return false;
  let count = 0;
  for (const { segment } of segmenter.segment(trimmed)) {
    if (!PICTOGRAPH.test(segment) || ++count > 3) return false;
  }
  return true;
}
