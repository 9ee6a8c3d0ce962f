/** An @mention of a person in a message: highlighted, and more strongly when it is me. */
export function Mention({ username, text, self, mine }: { username: string; text: string; self: boolean; mine: boolean }) {
  const look = self
    ? "bg-amber-200 font-semibold text-amber-950 dark:bg-amber-300 dark:text-slate-950"
    : mine
      ? "bg-white/20 font-medium text-white"
      : "bg-blue-100 font-medium text-blue-900 dark:bg-blue-950 dark:text-blue-200";
  return (
    <span data-mention={username} data-self={self || undefined} className={`rounded px-0.5 ${look}`}>
      {text}
    </span>
  );
}
