/** What an avatar shows until a person has a photo: initials, on a colour that belongs to the name. */

/** Up to two letters for an avatar: "Ann Lee" → "AL", "bob" → "B". */
export function initials(name: string): string {
  const words = name.trim().split(/[\s._-]+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!].map((w) => [...w][0]) : [[...(words[0] ?? "?")][0]];
  return letters.join("").toUpperCase();
}

/** A stable colour per name, from a palette that keeps white initials readable (4.5:1 or more). */
export const AVATAR_COLOURS = ["bg-blue-700", "bg-emerald-700", "bg-violet-700", "bg-rose-700", "bg-amber-700", "bg-teal-700", "bg-fuchsia-700", "bg-slate-600"] as const;

export function avatarColour(name: string): (typeof AVATAR_COLOURS)[number] {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length]!;
}
