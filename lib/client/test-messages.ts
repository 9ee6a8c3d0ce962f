import type { ChatMessage } from "../chat/types";

/** A stored text message for unit tests: every field set, any of them overridden. */
export function chatMessage(id: number, over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    conversationId: 7,
    senderId: 2,
    senderName: "ben",
    body: `m${id}`,
    clientId: `c${id}`,
    createdAt: new Date(0).toISOString(),
    kind: "text",
    deleted: false,
    attachments: [],
    editedAt: null,
    reactions: [],
    replyTo: null,
    ...over,
  };
}
