import type { ConversationSummary } from "../chat/types";
import type { ConversationChange } from "../realtime/events";

/**
 * Applies a `conversation:changed` to the conversation list in place. Returns the new list, or
 * null when the change cannot be applied without the server's list (a conversation not listed
 * here yet: I was just added to it). A removal drops the entry; a group change replaces its name,
 * members and roles (and keeps only the receipts of those still in it); a mute sets mine.
 */
export function withConversationChange(
  list: readonly ConversationSummary[],
  change: ConversationChange,
  meId: number,
): ConversationSummary[] | null {
  const index = list.findIndex((c) => c.id === change.conversationId);
  if (change.removed) return list.filter((c) => c.id !== change.conversationId);
  const current = list[index];
  if (!current) return null;
  let next = current;
  if (change.group) {
    const { title, members, memberCount } = change.group;
    const memberIds = new Set(members.map((m) => m.id));
    next = {
      ...next,
      title,
      members,
      memberCount,
      myRole: members.find((m) => m.id === meId)?.role ?? next.myRole,
      receipts: next.receipts.filter((r) => memberIds.has(r.userId)),
    };
  }
  if (change.muted !== undefined) next = { ...next, muted: change.muted };
  return list.map((c, i) => (i === index ? next : c));
}

/**
 * Runs `task` on request, never two at once: a request while one runs queues exactly one more
 * (which will see everything that happened meanwhile), and further requests join that one. A
 * burst of N requests costs at most two runs.
 */
export function coalesced(task: () => Promise<unknown>): () => void {
  let running = false;
  let queued = false;
  const start = (): void => {
    running = true;
    void task()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (queued) {
          queued = false;
          start();
        }
      });
  };
  return () => {
    if (running) queued = true;
    else start();
  };
}

/**
 * A list fetched from the server, applied over the one shown: a conversation's newer last message
 * that arrived live while the fetch was on its way (with its unread count and mention mark) is
 * kept, not put back to what the server had read a moment earlier.
 */
export function withFetchedList(shown: readonly ConversationSummary[], fetched: ConversationSummary[]): ConversationSummary[] {
  const byId = new Map(shown.map((c) => [c.id, c]));
  return fetched.map((c) => {
    const live = byId.get(c.id);
    if (!live?.lastMessage || live.lastMessage.id <= (c.lastMessage?.id ?? 0)) return c;
    return { ...c, lastMessage: live.lastMessage, unreadCount: Math.max(c.unreadCount, live.unreadCount), mentioned: c.mentioned || live.mentioned };
  });
}
