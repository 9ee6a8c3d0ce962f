"use client";

import { useCallback, useEffect, useRef } from "react";
import { getSocket } from "./socket";

// Comfortably inside the server's expiry, so an indicator never lapses while someone keeps typing.
const REFRESH_MS = 2500;

/**
 * Tells the conversation while I type: at most one event every few seconds, and a "stopped" when
 * the box is emptied or I leave. Sending a message stops it on the server by itself.
 */
export function useTypingSender(conversationId: number) {
  const lastSent = useRef(0);

  const stop = useCallback(() => {
    if (lastSent.current === 0) return;
    lastSent.current = 0;
    getSocket().emit("typing", { conversationId, typing: false });
  }, [conversationId]);

  const onDraftChange = useCallback(
    (draft: string) => {
      if (draft.trim() === "") return stop();
      const now = Date.now();
      if (now - lastSent.current < REFRESH_MS) return;
      lastSent.current = now;
      getSocket().emit("typing", { conversationId, typing: true });
    },
    [conversationId, stop],
  );

  /** After a send: the server already cleared it, so only forget locally. */
  const sent = useCallback(() => {
    lastSent.current = 0;
  }, []);

  useEffect(() => stop, [stop]);

  return { onDraftChange, sent };
}
