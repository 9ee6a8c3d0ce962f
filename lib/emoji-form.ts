/**
 * One spelling per emoji. "👍" and "👍" followed by VS16 (U+FE0F) look the same, and emoji data
 * lists the latter; without this they would count as two different reactions. VS16 is dropped
 * after a character that shows as emoji anyway, and kept where it matters (❤️, ☺️, 1️⃣).
 */
export function normalizeEmoji(text: string): string {
  return text.replace(/(\p{Emoji_Presentation})\uFE0F/gu, "$1");
}
