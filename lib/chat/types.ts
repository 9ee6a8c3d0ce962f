/** Shapes that cross the wire (HTTP JSON and socket payloads). Safe to import from the browser. */

export interface PublicUser {
  id: number;
  username: string;
}

export interface UserWithPresence extends PublicUser {
  online: boolean;
}

export interface ChatMessage {
  id: number;
  conversationId: number;
  senderId: number;
  senderName: string;
  body: string;
  clientId: string;
  /** ISO 8601, UTC. Display only: messages are ordered by `id`. */
  createdAt: string;
}

export interface ConversationSummary {
  id: number;
  kind: "private";
  peer: PublicUser;
  lastMessage: ChatMessage | null;
}

export interface MessagePage {
  messages: ChatMessage[];
  /** Pass as `before` for the next older page; null when the start of the conversation is reached. */
  nextCursor: number | null;
}
