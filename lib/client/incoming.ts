"use client";

import { useEffect, useRef } from "react";
import type { ChatMessage } from "../chat/types";
import { getSocket } from "./socket";

/** How a stored message reached this tab: pushed live, fetched by catch-up, or as my own ack. */
export type IncomingSource = "live" | "sync" | "ack";
type Listener = (messages: readonly ChatMessage[], source: IncomingSource) => void;

const listeners = new Set<Listener>();
let wired = false;
/**
 * Every message of mine up to this id is held. It moves only with catch-up answers (and the
 * server-rendered page), which read the database, where ids are committed in order. A live push
 * proves nothing about lower ids still on their way from another instance, so it does not move it.
 */
let syncedUpTo = 0;

/**
 * The one stream of stored messages in the tab. Live pushes, catch-up pages and acks all pass
 * through here, so every view merges them the same way (by id) whichever way they came.
 */
export function publishIncoming(messages: readonly ChatMessage[], source: IncomingSource): void {
  if (messages.length === 0) return;
  for (const listener of listeners) listener(messages, source);
}

/** Where the next catch-up starts. */
export function syncCursor(): number {
  return syncedUpTo;
}

/** Records a complete read of the database up to `id` (a catch-up page, or the rendered page). */
export function advanceSyncCursor(id: number): void {
  syncedUpTo = Math.max(syncedUpTo, id);
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
