export function PresenceBadge({ online }: { online: boolean }) {
  return (
    <span className="flex shrink-0 items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
      <span
        aria-hidden="true"
        className={`inline-block size-2 rounded-full ${online ? "bg-emerald-600" : "bg-slate-400 dark:bg-slate-500"}`}
      />
      {online ? "online" : "offline"}
    </span>
  );
}
