"use client";

import type { SyncPage } from "../chat/types";
import { SYNC_MAX_LIMIT } from "../limits";
import { getJson } from "./api";
import { advanceSyncCursor, publishIncoming, syncCursor } from "./incoming";

let running: Promise<void> | null = null;

/**
 * Fetches every message stored after the newest one this tab has, in all conversations, page by
 * page, and publishes them like live ones. Concurrent calls share one run.
 */
export function catchUp(): Promise<void> {
  running ??= (async () => {
    try {
      for (;;) {
        const page = await getJson<SyncPage>(`/api/sync?after=${syncCursor()}&limit=${SYNC_MAX_LIMIT}`);
        publishIncoming(page.messages, "sync");
        advanceSyncCursor(page.cursor);
        if (!page.hasMore) return;
      }
    } finally {
      running = null;
    }
  })();
  return running;
}
