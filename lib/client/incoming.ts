"use client";

import { useEffect, useRef } from "react";
import type { ChatMessage } from "../chat/types";
import { getSocket } from "./socket";

/** How a stored message reached this tab: pushed live, fetched by catch-up, or as my own ack. */
export type IncomingSource = "live" | "sync" | "ack";
type Listener = (messages: readonly ChatMessage[], source: IncomingSource) => void;

const listeners = new Set<Listener>();
let wired = false;
let newestSeen = 0;

/**
 * The one stream of stored messages in the tab. Live pushes, catch-up pages and acks all pass
 * through here, so every view merges them the same way (by id) whichever way they came.
 */
export function publishIncoming(messages: readonly ChatMessage[], source: IncomingSource): void {
  if (messages.length === 0) return;
  for (const m of messages) newestSeen = Math.max(newestSeen, m.id);
  for (const listener of listeners) listener(messages, source);
}

/** Highest message id this tab has received from any source (catch-up starts from here). */
export function newestSeenId(): number {
  return newestSeen;
}

/** Seeds the catch-up cursor with what the server-rendered page already showed. */
export function noteSeen(id: number): void {
  newestSeen = Math.max(newestSeen, id);
}

function wire(): void {
  if (wired) return;
  wired = true;
  getSocket().on("message:new", (message) => publishIncoming([message], "live"));
}

export function useIncomingMessages(handler: Listener): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    wire();
    const listener: Listener = (messages, source) => ref.current(messages, source);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
