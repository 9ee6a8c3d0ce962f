"use client";

import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from "react";
import type { Reaction } from "@/lib/chat/types";
import { useDismiss } from "@/lib/client/use-dismiss";

// The full search, with its data, loads only when asked for.
const EmojiPicker = lazy(() => import("./emoji-picker"));

/** The reactions offered first, as in WhatsApp; "More reactions" searches every emoji. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

interface BarProps {
  reactions: readonly Reaction[];
  myId: number;
  /** Names for "who reacted". */
  nameOf: (userId: number) => string;
  onToggle: (emoji: string, on: boolean) => void;
}

/**
 * Under a message: one button per emoji, named by the emoji and the count ("👍 2"), pressed when
 * one of them is mine; pressing toggles mine. Who reacted shows on hover and keyboard focus.
 */
export function ReactionBar({ reactions, myId, nameOf, onToggle }: BarProps) {
  if (reactions.length === 0) return null;
  return (
    <ul aria-label="Reactions" className="mt-1 flex flex-wrap gap-1">
      {reactions.map((r) => (
        <ReactionButton key={r.emoji} reaction={r} mine={r.userIds.includes(myId)} names={r.userIds.map(nameOf)} onToggle={onToggle} />
      ))}
    </ul>
  );
}

function ReactionButton({ reaction, mine, names, onToggle }: { reaction: Reaction; mine: boolean; names: string[]; onToggle: BarProps["onToggle"] }) {
  const tip = useId();
  return (
    <li className="group/reaction relative">
      <button
        type="button"
        aria-pressed={mine}
        aria-describedby={tip}
        onClick={() => onToggle(reaction.emoji, !mine)}
        className={`flex min-h-8 items-center gap-1 rounded-full border px-2 text-sm ${
          mine
            ? "border-blue-600 bg-blue-50 text-blue-900 dark:border-blue-400 dark:bg-blue-950 dark:text-blue-100"
            : "border-slate-300 bg-white text-slate-800 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
        }`}
      >
        {reaction.emoji} {reaction.count}
      </button>
      <span
        role="tooltip"
        id={tip}
        className="invisible absolute bottom-full left-0 z-10 mb-1 w-max max-w-64 rounded bg-slate-900 px-2 py-1 text-xs text-white group-focus-within/reaction:visible group-hover/reaction:visible"
      >
        {names.join(", ")}
      </span>
    </li>
  );
}

/**
 * The React picker: the quick reactions as buttons, arrow keys between them, Escape or a press
 * outside closes it and hands the focus back.
 */
export function ReactionPicker({ onPick, onClose, mine }: { onPick: (emoji: string) => void; onClose: () => void; mine: readonly string[] }) {
  const root = useRef<HTMLDivElement>(null);
  // The focus goes back where the caller says (onClose), not to an opener of ours.
  const noOpener = useRef<HTMLElement>(null);
  const close = useCallback(() => onClose(), [onClose]);
  const [searching, setSearching] = useState(false);
  useDismiss(true, close, root, noOpener);
  useEffect(() => {
    root.current?.querySelector<HTMLButtonElement>("button")?.focus();
  }, []);
  if (searching) {
    return (
      <div ref={root}>
        <Suspense fallback={null}>
          <EmojiPicker label="Add reaction" className="bottom-full mb-1" onPick={onPick} onClose={onClose} />
        </Suspense>
      </div>
    );
  }
  return (
    <div
      ref={root}
      role="toolbar"
      aria-label="React with"
      onKeyDown={(event) => {
        const buttons = [...(root.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          event.preventDefault();
          buttons[(at + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length]?.focus();
        }
      }}
      className="absolute bottom-full z-30 mb-1 flex gap-0.5 rounded-full border border-slate-300 bg-white p-1 shadow-lg dark:border-slate-600 dark:bg-slate-800"
    >
      {QUICK_REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          aria-pressed={mine.includes(emoji)}
          onClick={() => onPick(emoji)}
          className="flex size-10 items-center justify-center rounded-full text-xl hover:bg-slate-100 aria-pressed:bg-blue-100 dark:hover:bg-slate-700 dark:aria-pressed:bg-blue-900"
        >
          {emoji}
        </button>
      ))}
      <button
        type="button"
        aria-label="More reactions"
        title="More reactions"
        onClick={() => setSearching(true)}
        className="flex size-10 items-center justify-center rounded-full text-xl text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700"
      >
        <span aria-hidden="true">＋</span>
      </button>
    </div>
  );
}
