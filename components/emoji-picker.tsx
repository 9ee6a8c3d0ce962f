"use client";

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { loadEmojiData, searchEmoji, type EmojiData, type EmojiInfo } from "@/lib/client/emoji";
import { useDismiss } from "@/lib/client/use-dismiss";

interface Props {
  /** Names the panel: "Emoji", "Add reaction". */
  label: string;
  onPick: (emoji: string) => void;
  /** Closed without a pick (Escape, a press outside); the caller puts the focus back. */
  onClose: () => void;
  /** Where it opens from its anchor. */
  className?: string;
}

const COLUMNS = 8;
const RESULTS_MAX = 120;

/**
 * A searchable emoji panel (loaded on first use, with its data). The search box has the focus;
 * ↓ moves into the grid, arrow keys move in it, Enter or a press picks, Escape closes.
 */
export default function EmojiPicker({ label, onPick, onClose, className = "" }: Props) {
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const noOpener = useRef<HTMLElement>(null);
  const [data, setData] = useState<EmojiData | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState("");
  useDismiss(true, onClose, root, noOpener);

  useEffect(() => {
    search.current?.focus();
    loadEmojiData().then(setData, () => setFailed(true));
  }, []);

  // No search: every emoji, by group; a search: the best matches.
  const sections = useMemo((): { title: string; items: EmojiInfo[] }[] => {
    if (!data) return [];
    if (query.trim() !== "") return [{ title: "Results", items: searchEmoji(data, query, RESULTS_MAX) }];
    const byGroup = new Map<number, EmojiInfo[]>();
    for (const e of data.list) byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), e]);
    return [...byGroup].map(([group, items]) => ({ title: data.groups[group] ?? "", items }));
  }, [data, query]);
  const count = sections.reduce((n, s) => n + s.items.length, 0);

  function move(event: KeyboardEvent<HTMLDivElement>) {
    const buttons = [...(root.current?.querySelectorAll<HTMLButtonElement>("button[data-emoji]") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS }[event.key];
    if (step === undefined) return;
    if (at === -1) {
      if (event.key !== "ArrowDown") return;
      event.preventDefault();
      buttons[0]?.focus();
      return;
    }
    event.preventDefault();
    const next = at + step;
    if (next < 0) search.current?.focus();
    else buttons[Math.min(next, buttons.length - 1)]?.focus();
  }

  return (
    <div
      ref={root}
      role="dialog"
      aria-label={label}
      onKeyDown={move}
      className={`absolute z-40 flex w-[min(20rem,calc(100vw-1rem))] flex-col rounded-xl border border-slate-300 bg-white shadow-xl dark:border-slate-600 dark:bg-slate-900 ${className}`}
    >
      <label htmlFor={`${id}-search`} className="sr-only">
        Search emoji
      </label>
      <input
        ref={search}
        id={`${id}-search`}
        type="search"
        value={query}
        autoComplete="off"
        placeholder="Search emoji"
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          // Enter takes the best match, as in Slack.
          if (event.key === "Enter") {
            event.preventDefault();
            const first = sections[0]?.items[0];
            if (first) onPick(first.emoji);
          }
        }}
        className="m-2 min-h-10 rounded-lg border border-slate-400 bg-white px-3 text-base text-slate-900 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100"
      />
      <p className="sr-only" role="status">
        {data ? `${count} emoji` : failed ? "Emoji could not be loaded" : "Loading emoji"}
      </p>
      <div className="h-64 overflow-y-auto px-2 pb-2">
        {failed && <p className="p-2 text-sm">Emoji could not be loaded: check the connection and try again.</p>}
        {data && count === 0 && <p className="p-2 text-sm text-slate-700 dark:text-slate-300">No emoji found</p>}
        {sections.map((section) => (
          <section key={section.title} aria-label={section.title}>
            <h3 className="sticky top-0 bg-white py-1 text-xs font-semibold text-slate-700 capitalize dark:bg-slate-900 dark:text-slate-300">{section.title}</h3>
            <div className="grid grid-cols-8">
              {section.items.map((e) => (
                <button
                  key={e.emoji}
                  type="button"
                  data-emoji={e.emoji}
                  aria-label={e.name}
                  title={e.shortcodes[0] ? `:${e.shortcodes[0]}:` : e.name}
                  onClick={() => onPick(e.emoji)}
                  className="flex aspect-square items-center justify-center rounded-md text-2xl hover:bg-slate-100 focus-visible:bg-slate-100 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
                >
                  {e.emoji}
                </button>
              ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
