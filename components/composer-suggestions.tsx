"use client";

import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { loadEmojiData, replaceShortcodeBeforeCaret, searchEmoji, type EmojiData } from "@/lib/client/emoji";
import { applySuggestion, findTrigger, matchPeople, type MentionCandidate } from "@/lib/client/suggest";

interface Item {
  key: string;
  /** What is put in place of the trigger. */
  insert: string;
  /** What the option says. */
  label: string;
  hint: string;
}

/**
 * The message box's suggestions: `:ta` offers emoji and `:tada:` turns into 🎉 as it is typed;
 * `@` offers people. ↑/↓ choose, Enter or Tab take, Escape closes. The box stays the focus (it
 * names the active option with aria-activedescendant), so typing goes on as usual.
 */
export function useComposerSuggestions(box: RefObject<HTMLTextAreaElement | null>, value: string, setValue: (next: string) => void, people: readonly MentionCandidate[]) {
  const listId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  const [emoji, setEmoji] = useState<EmojiData | null>(null);
  const [active, setActive] = useState(0);
  // A trigger closed with Escape stays closed until another one starts.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const nextCaret = useRef<number | null>(null);
  const loading = useRef(false);

  const trigger = caret === null ? null : findTrigger(value, caret);
  const open = trigger !== null && trigger.start !== dismissed;
  const items: Item[] = !open
    ? []
    : trigger.kind === "emoji"
      ? emoji
        ? searchEmoji(emoji, trigger.query, 8).map((e) => ({ key: e.emoji, insert: e.emoji, label: e.emoji, hint: e.shortcodes[0] ? `:${e.shortcodes[0]}:` : e.name }))
        : []
      : matchPeople(people, trigger.query).map((p) => ({ key: p.username, insert: `@${p.username}`, label: p.name, hint: `@${p.username}` }));
  const shown = Math.min(active, Math.max(0, items.length - 1));

  // After the text is replaced, the caret goes where the replacement ends.
  useLayoutEffect(() => {
    const at = nextCaret.current;
    if (at === null || !box.current) return;
    nextCaret.current = null;
    box.current.setSelectionRange(at, at);
  }, [value, box]);

  const replaceShortcode = (data: EmojiData, text: string, at: number) => {
    const replaced = replaceShortcodeBeforeCaret(data, text, at);
    if (!replaced) return false;
    nextCaret.current = replaced.caret;
    setValue(replaced.text);
    setCaret(replaced.caret);
    return true;
  };

  /** The emoji data, fetched the first time a `:` is typed; a shortcode finished meanwhile is replaced then. */
  const needEmoji = () => {
    if (emoji || loading.current) return;
    loading.current = true;
    loadEmojiData().then(
      (data) => {
        setEmoji(data);
        const element = box.current;
        if (element) replaceShortcode(data, element.value, element.selectionStart);
      },
      () => {
        loading.current = false;
      },
    );
  };

  /** The box's new text as typed (shortcodes replaced), and where the caret is. */
  function onText(next: string, at: number) {
    setActive(0);
    // A new trigger (or none) ends the dismissal of the last one.
    if (findTrigger(next, at)?.start !== dismissed) setDismissed(null);
    if (next.includes(":")) needEmoji();
    if (emoji && replaceShortcode(emoji, next, at)) return;
    setValue(next);
    setCaret(at);
  }

  function pick(item: Item) {
    if (!trigger || caret === null) return;
    const applied = applySuggestion(value, caret, trigger, item.insert);
    nextCaret.current = applied.caret;
    setValue(applied.text);
    setCaret(applied.caret);
    box.current?.focus();
  }

  /** True when the key was the list's. */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (items.length === 0) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((shown + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length);
      return true;
    }
    if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
      event.preventDefault();
      const item = items[shown];
      if (item) pick(item);
      return true;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      setDismissed(trigger?.start ?? null);
      return true;
    }
    return false;
  }

  // The caret moves without typing too (clicks, arrow keys): the trigger follows it.
  const noteCaret = () => setCaret(box.current?.selectionStart ?? null);

  const optionId = (i: number) => `${listId}-${i}`;
  const list =
    items.length === 0 ? null : (
      <ul
        id={listId}
        role="listbox"
        aria-label={trigger?.kind === "emoji" ? "Emoji" : "People to mention"}
        className="absolute bottom-full left-0 z-30 mb-1 max-h-72 w-72 max-w-full overflow-y-auto rounded-lg border border-slate-300 bg-white py-1 shadow-lg dark:border-slate-600 dark:bg-slate-900"
      >
        {items.map((item, i) => (
          <li
            key={item.key}
            id={optionId(i)}
            role="option"
            aria-selected={i === shown}
            // Taken on press, before the box would lose the focus.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(item);
            }}
            className={`flex min-h-10 cursor-pointer items-center gap-2 px-3 text-sm ${i === shown ? "bg-blue-100 dark:bg-blue-900" : ""}`}
          >
            <bdi className={trigger?.kind === "emoji" ? "text-xl" : "font-medium"}>{item.label}</bdi>
            <span className="truncate text-slate-600 dark:text-slate-300">{item.hint}</span>
          </li>
        ))}
      </ul>
    );

  return {
    onText,
    onKeyDown,
    noteCaret,
    list,
    boxProps: {
      "aria-autocomplete": "list" as const,
      "aria-controls": items.length > 0 ? listId : undefined,
      "aria-activedescendant": items.length > 0 ? optionId(shown) : undefined,
    },
  };
}
