"use client";

import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useDismiss } from "@/lib/client/use-dismiss";

export interface MessageAction {
  label: string;
  run: () => void;
  destructive?: boolean;
}

interface Props {
  /** Names the ⋮ button for screen readers: whose message it acts on. */
  label: string;
  actions: readonly MessageAction[];
  mine: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * The ⋮ menu of one message: shown on hover or focus where there is a mouse, always on touch screens
 * (a long press on the bubble opens it too). Arrow keys move between items; Escape, Tab or a press
 * outside close it, and Escape returns the focus to ⋮.
 */
export function MessageActions({ label, actions, mine, open, onOpenChange }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [upward, setUpward] = useState(false);
  const close = useCallback(() => onOpenChange(false), [onOpenChange]);
  useDismiss(open, close, root, button);

  // The first item takes the focus as the menu opens, as menus do.
  useEffect(() => {
    if (open) root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [open]);

  function toggle() {
    const rect = button.current?.getBoundingClientRect();
    // Near the bottom of the screen the menu opens upwards, so it is never cut off by the composer.
    setUpward(rect ? rect.top > window.innerHeight / 2 : false);
    onOpenChange(!open);
  }

  function onMenuKey(event: KeyboardEvent<HTMLDivElement>) {
    const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (move) {
      event.preventDefault();
      items[(at + move + items.length) % items.length]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      (event.key === "Home" ? items[0] : items.at(-1))?.focus();
    } else if (event.key === "Tab") {
      close();
    }
  }

  return (
    <div ref={root} className="relative self-center">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={toggle}
        className={`flex size-8 items-center justify-center rounded-full text-lg text-slate-600 hover:bg-slate-200 focus-visible:opacity-100 dark:text-slate-300 dark:hover:bg-slate-700 ${
          open ? "opacity-100" : "pointer-fine:opacity-0 pointer-fine:group-focus-within:opacity-100 pointer-fine:group-hover:opacity-100"
        }`}
      >
        <span aria-hidden="true">⋮</span>
      </button>
      {open && (
        <div
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          className={`absolute z-30 flex min-w-36 flex-col rounded-lg border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900 ${
            mine ? "right-0" : "left-0"
          } ${upward ? "bottom-full mb-1" : "top-full mt-1"}`}
        >
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                // Back on ⋮ first: a dialog the action opens returns the focus there.
                button.current?.focus();
                close();
                action.run();
              }}
              className={`min-h-11 px-4 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800 ${
                action.destructive ? "text-red-700 dark:text-red-400" : ""
              }`}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
