import type { ChatMessage } from "../chat/types";
import { dayKey } from "./dates";
import type { PendingMessage } from "./message-list";

/** Messages from one sender closer together than this share one name (Slack uses 5 minutes too). */
export const RUN_GAP_MS = 5 * 60_000;

export type LogMessage = ChatMessage | PendingMessage;

export type LogRow =
  | { type: "day"; key: string; day: string; at: string }
  | { type: "unread"; key: "unread"; count: number }
  | {
      type: "message";
      key: string;
      message: LogMessage;
      /** The first of a run from one sender: where a group chat shows the name. */
      runStart: boolean;
      /** The last of a run: where the bubble gets its tail and the gap below. */
      runEnd: boolean;
    };

interface Options {
  myId: number;
  /** The newest message id read when the conversation was opened; later ones from others count as unread. */
  readUpTo: number | null;
  timeZone: string;
}

function senderOf(message: LogMessage, myId: number): number {
  return "senderId" in message ? message.senderId : myId;
}

function isNotice(message: LogMessage): boolean {
  return "kind" in message && message.kind === "notice";
}

/**
 * The log as it is drawn: a separator before each new day, an "N unread messages" divider before the
 * first message from someone else that was unread on opening, and runs of one sender's messages.
 */
export function logRows(messages: readonly LogMessage[], { myId, readUpTo, timeZone }: Options): LogRow[] {
  const rows: LogRow[] = [];
  const firstUnread =
    readUpTo === null
      ? -1
      : messages.findIndex((m) => "id" in m && m.id > readUpTo && m.senderId !== myId && m.kind === "text");
  const unreadCount =
    firstUnread < 0 ? 0 : messages.slice(firstUnread).filter((m) => "id" in m && m.senderId !== myId && m.kind === "text").length;

  let previousDay = "";
  let previous: LogMessage | null = null;
  let lastMessageRow: Extract<LogRow, { type: "message" }> | null = null;
  messages.forEach((message, index) => {
    const day = dayKey(message.createdAt, timeZone);
    let breaks = false;
    if (day !== previousDay) {
      rows.push({ type: "day", key: `day:${day}`, day, at: message.createdAt });
      previousDay = day;
      breaks = true;
    }
    if (index === firstUnread) {
      rows.push({ type: "unread", key: "unread", count: unreadCount });
      breaks = true;
    }
    const runStart =
      breaks ||
      previous === null ||
      isNotice(message) ||
      isNotice(previous) ||
      senderOf(previous, myId) !== senderOf(message, myId) ||
      Date.parse(message.createdAt) - Date.parse(previous.createdAt) > RUN_GAP_MS;
    if (runStart && lastMessageRow) lastMessageRow.runEnd = true;
    const key = `${senderOf(message, myId)}:${message.clientId}`;
    lastMessageRow = { type: "message", key, message, runStart, runEnd: false };
    rows.push(lastMessageRow);
    previous = message;
  });
  if (lastMessageRow) (lastMessageRow as Extract<LogRow, { type: "message" }>).runEnd = true;
  return rows;
}
