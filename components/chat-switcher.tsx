"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { chatList } from "@/lib/client/chat-list";
import { chatTitle } from "@/lib/client/names";
import { Avatar } from "./avatar";
import { useChat } from "./chat-context";

const SHOWN_MAX = 12;

/**
 * Ctrl+K (⌘K on a Mac) from anywhere: a box that finds a chat by name, as in Slack. ↑/↓ choose,
 * Enter opens, Escape or a press outside closes and hands the focus back.
 */
export function ChatSwitcher({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { state } = useChat();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const results = useMemo(
    () => chatList(state.conversations.values(), query, state.nameOf).slice(0, SHOWN_MAX),
    [state.conversations, state.nameOf, query],
  );
  const chosen = results[Math.min(active, results.length - 1)];

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
    } else if (!open && element.open) {
      element.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    }
  }, [open]);

  function close() {
    setQuery("");
    setActive(0);
    onClose();
  }

  function go(id: number) {
    // The chat's own box takes the focus once it opens; nothing to hand back.
    opener.current = null;
    close();
    router.push(`/c/${id}`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (results.length === 0 ? 0 : (Math.min(a, results.length - 1) + step + results.length) % results.length));
    } else if (event.key === "Enter" && chosen) {
      event.preventDefault();
      go(chosen.id);
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-label="Switch to a chat"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) close();
      }}
      className="mx-auto mt-[15vh] w-[min(32rem,calc(100vw-2rem))] rounded-xl p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:bg-slate-900 dark:text-slate-100"
    >
      {open && (
        <div className="flex flex-col p-3">
          <input
            autoFocus
            type="text"
            role="combobox"
            aria-label="Switch to chat"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={chosen ? `${listId}-${chosen.id}` : undefined}
            aria-autocomplete="list"
            placeholder="Go to a chat…"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-base dark:border-slate-600 dark:bg-slate-800"
          />
          <ul id={listId} role="listbox" aria-label="Chats" className="mt-2 flex max-h-80 flex-col overflow-y-auto">
            {results.map((chat) => (
              <li
                key={chat.id}
                id={`${listId}-${chat.id}`}
                role="option"
                aria-selected={chat === chosen}
                onClick={() => go(chat.id)}
                className={`flex cursor-pointer items-center gap-3 rounded-lg px-3 py-2 ${chat === chosen ? "bg-blue-100 dark:bg-slate-700" : ""}`}
              >
                <Avatar
                  name={chatTitle(chat, state.nameOf)}
                  colourKey={chat.peer?.username ?? chat.title}
                  photoUrl={chat.peer ? state.people.get(chat.peer.id)?.avatarUrl : null}
                  group={chat.kind !== "private"}
                  size="sm"
                />
                <bdi className="truncate">{chatTitle(chat, state.nameOf)}</bdi>
                {chat.unreadCount > 0 && <span className="ml-auto text-xs text-slate-600 dark:text-slate-300">{chat.unreadCount} unread</span>}
              </li>
            ))}
          </ul>
          {results.length === 0 && <p className="px-3 py-2 text-sm text-slate-600 dark:text-slate-300">No chat by that name.</p>}
          <p className="mt-2 px-1 text-xs text-slate-600 dark:text-slate-300">↑ ↓ to choose, Enter to open, Esc to close</p>
        </div>
      )}
    </dialog>
  );
}
