import type { MessageKind } from "../../lib/chat/types";
import { REPLY_EXCERPT_CHARS } from "../../lib/chat/quotes";
import { parseAttachments, type StoredAttachment } from "./attachments";

/**
 * The message a reply answers, as the reply's reader may see it, read with the reply (a join, not a
 * copy), so an edit or a deletion of the original shows in every quote of it. `visible` false: it
 * is older than where this reader's history starts, and nothing of it is given.
 */
export type ReplyRecord =
  | { id: number; visible: false }
  | {
      id: number;
      visible: true;
      senderId: number;
      senderName: string;
      /** At most REPLY_EXCERPT_CHARS characters of its text. */
      body: string;
      kind: MessageKind;
      deleted: boolean;
      attachments: StoredAttachment[];
    };

/**
 * Columns of the answered message (`r`, its sender `ru`), for queries whose message is `m`. The
 * aliases are quoted so that one fragment serves SQLite and PostgreSQL.
 */
export const REPLY_COLUMNS = `m.reply_to_id AS "replyToId", r.id AS "replyId", r.sender_id AS "replySenderId",
  ru.username AS "replySenderName", substr(r.body, 1, ${REPLY_EXCERPT_CHARS}) AS "replyBody", r.kind AS "replyKind",
  r.deleted_at IS NOT NULL AS "replyDeleted", r.attachments AS "replyAttachments"`;

/**
 * Joins the answered message. `visibleAbove`: an SQL expression for where the reader's history
 * starts; an original at or below it is not joined, and the quote says "unavailable".
 */
export const replyJoin = (visibleAbove?: string): string =>
  `LEFT JOIN messages r ON r.id = m.reply_to_id${visibleAbove ? ` AND r.id > ${visibleAbove}` : ""}
   LEFT JOIN users ru ON ru.id = r.sender_id`;

/** The reply columns as either dialect returns them (SQLite's 0/1 for booleans). */
export interface ReplyColumns {
  replyToId: number | null;
  replyId: number | null;
  replySenderId: number | null;
  replySenderName: string | null;
  replyBody: string | null;
  replyKind: MessageKind | null;
  replyDeleted: boolean | number | null;
  replyAttachments: string | null;
}

export function toReplyRecord(r: ReplyColumns): ReplyRecord | null {
  if (r.replyToId === null) return null;
  if (r.replyId === null) return { id: Number(r.replyToId), visible: false };
  return {
    id: Number(r.replyId),
    visible: true,
    senderId: Number(r.replySenderId),
    senderName: r.replySenderName ?? "",
    body: r.replyBody ?? "",
    kind: r.replyKind ?? "text",
    deleted: r.replyDeleted === true || r.replyDeleted === 1,
    attachments: parseAttachments(r.replyAttachments),
  };
}

/** Drops the reply columns from a row, leaving the message's own. */
export function withoutReplyColumns<T extends ReplyColumns>(row: T): Omit<T, keyof ReplyColumns> {
  const {
    replyToId: _a,
    replyId: _b,
    replySenderId: _c,
    replySenderName: _d,
    replyBody: _e,
    replyKind: _f,
    replyDeleted: _g,
    replyAttachments: _h,
    ...rest
  } = row;
  return rest;
}
