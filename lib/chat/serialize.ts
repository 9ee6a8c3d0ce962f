import type { MessageRecord, StoredAttachment } from "../../db/store";
import type { Attachment, ChatMessage } from "./types";

/** Where members fetch a file's bytes (and its thumbnail): app/api/uploads/[id]. */
export const uploadUrl = (id: number): string => `/api/uploads/${id}`;
export const thumbnailUrl = (id: number): string => `/api/uploads/${id}/thumbnail`;

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
  };
}
