"use client";

import { useCallback, useSyncExternalStore } from "react";

type Permission = NotificationPermission | "unsupported";

const listeners = new Set<() => void>();
const read = (): Permission => (typeof Notification === "undefined" ? "unsupported" : Notification.permission);

/** Notification permission as React state; asking happens only from a click (`request`). */
export function useNotificationPermission(): { permission: Permission; request: () => Promise<void> } {
  const permission = useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    read,
    () => "unsupported" as Permission,
  );
  const request = useCallback(async () => {
    if (typeof Notification === "undefined") return;
    await Notification.requestPermission();
    for (const l of listeners) l();
  }, []);
  return { permission, request };
}

const PREVIEW_LENGTH = 120;

/** Shows a system notification for a message; clicking it focuses the tab and opens the conversation. */
export function notifyMessage(sender: string, body: string, conversationId: number, open: (path: string) => void): void {
  if (read() !== "granted") return;
  const text = body.length > PREVIEW_LENGTH ? `${body.slice(0, PREVIEW_LENGTH - 1)}…` : body;
  // Plain text by the platform's own rendering: nothing in `body` is interpreted as markup.
  const notification = new Notification(sender, { body: text, tag: `conversation-${conversationId}` });
  notification.onclick = () => {
    window.focus();
    open(`/c/${conversationId}`);
    notification.close();
  };
}
