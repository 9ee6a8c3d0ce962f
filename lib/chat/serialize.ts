import type { MessageRecord } from "../../db/store";
import type { ChatMessage } from "./types";

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
  };
}
