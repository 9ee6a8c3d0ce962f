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
 * Where the next catch-up starts: an opaque place in the server's change log, from the
 * server-rendered page and then from each catch-up answer. A live push proves nothing about
 * changes still on their way from another instance, so it does not move it.
 */
let syncedUpTo: string | null = null;

/**
 * The one stream of stored messages in the tab. Live pushes, catch-up pages and acks all pass
 * through here, so every view merges them the same way (by id) whichever way they came.
 */
export function publishIncoming(messages: readonly ChatMessage[], source: IncomingSource): void {
  if (messages.length === 0) return;
  for (const listener of listeners) listener(messages, source);
}

/** Where the next catch-up starts ("0": from the beginning, for a tab that has no place yet). */
export function syncCursor(): string {
  return syncedUpTo ?? "0";
}

/** The rendered page's place: taken only if no catch-up has moved on from it already. */
export function startSyncAt(cursor: string): void {
  syncedUpTo ??= cursor;
}

/** Records a catch-up answer's place; answers come one at a time, each after the one before. */
export function advanceSyncCursor(cursor: string): void {
  syncedUpTo = cursor;
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
