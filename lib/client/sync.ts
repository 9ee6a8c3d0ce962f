"use client";

import type { SyncPage } from "../chat/types";
import { SYNC_MAX_LIMIT } from "../limits";
import { getJson } from "./api";
import { advanceSyncCursor, publishIncoming, syncCursor } from "./incoming";

let running: Promise<void> | null = null;

/**
 * Fetches every message created or changed since this tab's place in the change log, in all
 * conversations, page by page, and publishes them like live ones (a deleted one comes as
 * deleted). Concurrent calls share one run. Conversation changes are left to the list refresh
 * that follows every catch-up.
 */
export function catchUp(): Promise<void> {
  running ??= (async () => {
    try {
      for (;;) {
        const page = await getJson<SyncPage>(`/api/sync?after=${encodeURIComponent(syncCursor())}&limit=${SYNC_MAX_LIMIT}`);
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
