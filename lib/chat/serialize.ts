import type { MessageRecord, ProfileRecord, ReplyRecord, StoredAttachment } from "../../db/store";
import type { Attachment, ChatMessage, Profile, ReplyQuote } from "./types";
import { shownQuote } from "./quotes";

/** Where members fetch a file's bytes (and its thumbnail): app/api/uploads/[id]. */
export const uploadUrl = (id: number): string => `/api/uploads/${id}`;
export const thumbnailUrl = (id: number): string => `/api/uploads/${id}/thumbnail`;

/** A person's photo: the key in the path, so a new photo is a new URL and each can be cached for good. */
export const avatarUrl = (userId: number, key: string | null): string | null => (key ? `/api/users/${userId}/avatar/${key}` : null);

export function toProfile(p: Pick<ProfileRecord, "id" | "username" | "displayName" | "avatarKey">): Profile {
  return { id: p.id, username: p.username, displayName: p.displayName, avatarUrl: avatarUrl(p.id, p.avatarKey) };
}

export function toAttachment(a: StoredAttachment): Attachment {
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    size: a.size,
    ...(a.width !== null && a.height !== null ? { width: a.width, height: a.height } : {}),
    url: uploadUrl(a.id),
    ...(a.thumbnail ? { thumbnailUrl: thumbnailUrl(a.id) } : {}),
  };
}

export function toChatMessage(m: MessageRecord): ChatMessage {
  return {
    id: m.id,
    conversationId: m.conversationId,
    senderId: m.senderId,
    senderName: m.senderName,
    body: m.body,
    clientId: m.clientId,
    createdAt: new Date(m.createdAt).toISOString(),
    kind: m.kind,
    deleted: m.deleted,
    attachments: m.deleted ? [] : m.attachments.map(toAttachment),
    editedAt: m.editedAt === null ? null : new Date(m.editedAt).toISOString(),
    reactions: m.deleted ? [] : m.reactions.map((r) => ({ emoji: r.emoji, count: r.userIds.length, userIds: r.userIds })),
    replyTo: m.deleted || !m.replyTo ? null : toReplyQuote(m.replyTo),
  };
}

function toReplyQuote(r: ReplyRecord): ReplyQuote {
  if (!r.visible) return { id: r.id, state: "unavailable" };
  if (r.deleted) return { id: r.id, state: "deleted" };
  return shownQuote(r);
}

/** The message as a member whose history starts after the message it answers gets it. */
export function withQuoteUnavailable(message: ChatMessage): ChatMessage {
  return message.replyTo ? { ...message, replyTo: { id: message.replyTo.id, state: "unavailable" } } : message;
}
