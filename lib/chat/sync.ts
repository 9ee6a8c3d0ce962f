import type { ChangePosition } from "../../db/store";
import type { Services } from "../services";
import { SYNC_DEFAULT_LIMIT, type SyncQuery } from "../validation";
import { listConversations } from "./conversations";
import { toChatMessage } from "./serialize";
import { formatSyncCursor } from "./sync-cursor";
import type { LegacySyncPage, SyncConversation, SyncPage } from "./types";

type Deps = Pick<Services, "store">;

const later = (a: ChangePosition, b: ChangePosition): ChangePosition => (a.tx > b.tx || (a.tx === b.tx && a.seq >= b.seq) ? a : b);

/** The conversations named, as my list shows them now; those I am no longer in, as removed. */
async function conversationsNow(services: Deps, userId: number, ids: readonly number[]): Promise<SyncConversation[]> {
  if (ids.length === 0) return [];
  const mine = new Map((await listConversations(services, userId)).map((c) => [c.id, c]));
  return ids.map((id): SyncConversation => {
    const summary = mine.get(id);
    return summary?.joined ? { ...summary, removed: false } : { id, removed: true };
  });
}

/**
 * Catch-up after any reconnect: every change after the cursor that I may see, across all my
 * conversations, in commit order (docs/decisions/0013-change-log.md). Messages come once each in
 * their current state (a deletion as `deleted: true`); conversations as my list shows them now.
 * Membership is read with the log, so nothing from a conversation I am not in leaks in.
 *
 * A client from before the log counts in message ids: it is answered from where that message was
 * created, and with a message id again, since that is all it can hold. Its cursor moves with
 * each message created, so changes after the last one are repeated until the next one comes, and
 * a page without any creation ends its run; it catches up on the rest when it next reloads.
 */
export async function syncChanges(services: Deps, userId: number, query: SyncQuery): Promise<SyncPage | LegacySyncPage> {
  const limit = query.limit ?? SYNC_DEFAULT_LIMIT;
  const cursor = query.after;
  const from = cursor.kind === "position" ? { tx: cursor.tx, seq: cursor.seq } : await services.store.creationPosition(cursor.id);
  const page = await services.store.readChanges(userId, from, limit);
  const full = page.rows === limit;
  const messages = page.messages.map(toChatMessage);
  const conversations = await conversationsNow(services, userId, page.conversationIds);
  if (cursor.kind === "message") {
    return { messages, conversations, cursor: page.lastCreatedMessageId ?? cursor.id, hasMore: full && page.lastCreatedMessageId !== null };
  }
  const next = full && page.last ? page.last : later(page.head, from);
  return { messages, conversations, cursor: formatSyncCursor(next), hasMore: full };
}

/** Where catch-up starts for a page rendered now: read before anything the page shows. */
export async function syncCursorNow(services: Deps): Promise<string> {
  return formatSyncCursor(await services.store.changeHead());
}
