/**
 * Emoji names, shortcodes and search, from emojibase's data (the same names GitHub and Slack use
 * for shortcodes: :tada:, :+1:). The data (about 90 KB compressed) is loaded on first use: when a
 * `:` starts a shortcode, or a picker opens; nothing of it is in the page's first load.
 */
import type { CompactEmoji, ShortcodesDataset } from "emojibase";
import { normalizeEmoji } from "../emoji-form";

export interface EmojiInfo {
  emoji: string;
  /** "party popper". */
  name: string;
  /** Without colons, most used first: ["tada"]. */
  shortcodes: string[];
  tags: string[];
  /** Index into EmojiData.groups. */
  group: number;
}

export interface EmojiData {
  list: EmojiInfo[];
  byShortcode: Map<string, EmojiInfo>;
  /** Names of the groups, by index ("smileys & emotion"). */
  groups: string[];
}

// Group 2 holds skin-tone and hair components, not emoji to send on their own.
const COMPONENT_GROUP = 2;

/** Builds the index from emojibase's datasets (kept separate from loading, for tests). */
export function buildEmojiData(compact: readonly CompactEmoji[], shortcodes: ShortcodesDataset, groupNames: readonly string[]): EmojiData {
  const list: EmojiInfo[] = [];
  const byShortcode = new Map<string, EmojiInfo>();
  for (const e of compact) {
    if (e.group === undefined || e.group === COMPONENT_GROUP) continue;
    const codes = shortcodes[e.hexcode];
    const info: EmojiInfo = {
      emoji: normalizeEmoji(e.unicode),
      name: e.label,
      shortcodes: codes === undefined ? [] : Array.isArray(codes) ? [...codes] : [codes],
      tags: e.tags ?? [],
      group: e.group,
    };
    list.push(info);
    for (const code of info.shortcodes) if (!byShortcode.has(code)) byShortcode.set(code, info);
  }
  return { list, byShortcode, groups: [...groupNames] };
}

let loading: Promise<EmojiData> | null = null;

export function loadEmojiData(): Promise<EmojiData> {
  loading ??= Promise.all([
    import("emojibase-data/en/compact.json"),
    import("emojibase-data/en/shortcodes/github.json"),
    import("emojibase-data/en/messages.json"),
  ]).then(([compact, shortcodes, messages]) =>
    buildEmojiData(compact.default, shortcodes.default, messages.default.groups.map((g) => g.message)),
  );
  // A failed load (offline) can be tried again later.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/**
 * Emoji for a search, best first: a shortcode starting with it, then a name or shortcode word
 * starting with it, then a tag, then the words anywhere. Case-blind; `limit` at most.
 */
export function searchEmoji(data: EmojiData, query: string, limit = 50): EmojiInfo[] {
  const q = query.trim().toLowerCase().replace(/^:|:$/g, "");
  if (q === "") return data.list.slice(0, limit);
  const ranked: { info: EmojiInfo; rank: number; index: number }[] = [];
  data.list.forEach((info, index) => {
    const rank = rankOf(info, q);
    if (rank !== null) ranked.push({ info, rank, index });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked.slice(0, limit).map((r) => r.info);
}

function rankOf(info: EmojiInfo, q: string): number | null {
  if (info.shortcodes.some((c) => c === q)) return 0;
  if (info.shortcodes.some((c) => c.startsWith(q))) return 1;
  const words = [...info.name.toLowerCase().split(/[\s:_-]+/), ...info.shortcodes.flatMap((c) => c.split("_"))];
  if (words.some((w) => w.startsWith(q))) return 2;
  if (info.tags.some((t) => t.startsWith(q))) return 3;
  if (info.name.toLowerCase().includes(q) || info.shortcodes.some((c) => c.includes(q))) return 4;
  return null;
}

/**
 * `:shortcode:` just typed before the caret, replaced by its emoji ("I :tada:" → "I 🎉"); null
 * when what precedes the caret is not a known shortcode.
 */
export function replaceShortcodeBeforeCaret(data: EmojiData, text: string, caret: number): { text: string; caret: number } | null {
  const match = /(?:^|[\s([{"'])(:([a-z0-9_+-]{2,40}):)$/i.exec(text.slice(0, caret));
  if (!match) return null;
  const info = data.byShortcode.get(match[2]!.toLowerCase());
  if (!info) return null;
  const start = caret - match[1]!.length;
  return { text: text.slice(0, start) + info.emoji + text.slice(caret), caret: start + info.emoji.length };
}
