import type { ConversationSummary } from "./types";

/** What the tab title counts: unread messages in conversations that are not muted. */
export function unreadTotal(conversations: readonly Pick<ConversationSummary, "muted" | "unreadCount">[]): number {
  return conversations.reduce((sum, c) => sum + (c.muted ? 0 : c.unreadCount), 0);
}

/** The tab title with the unread count in front ("(3) Chat"), as on the server's first render and live after. */
export function titleWithUnread(title: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${title}` : title;
}
