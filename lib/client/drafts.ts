"use client";

import { useCallback, useSyncExternalStore } from "react";

const listeners = new Map<string, Set<() => void>>();

function read(key: string): string {
  try {
    return localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function write(key: string, value: string): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // Storage blocked or full: the draft lives only as long as the page.
  }
  for (const listener of listeners.get(key) ?? []) listener();
}

/**
 * The unsent text of one conversation's message box, kept in localStorage so it survives a reload.
 * The server render shows an empty box; the saved draft appears right after hydration.
 */
export function useDraft(userId: number, conversationId: number): [string, (value: string) => void] {
  const key = `chat.draft.${userId}.${conversationId}`;
  const subscribe = useCallback(
    (listener: () => void) => {
      const set = listeners.get(key) ?? new Set();
      set.add(listener);
      listeners.set(key, set);
      const onStorage = (event: StorageEvent) => event.key === key && listener();
      window.addEventListener("storage", onStorage);
      return () => {
        set.delete(listener);
        window.removeEventListener("storage", onStorage);
      };
    },
    [key],
  );
  const value = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => "",
  );
  const set = useCallback((next: string) => write(key, next), [key]);
  return [value, set];
}
