export type ChatErrorCode = "invalid" | "unauthorized" | "not_found" | "conflict" | "forbidden";

const STATUS: Record<ChatErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

/** An expected refusal: its message is safe to show the caller as it is. */
export class ChatError extends Error {
  override name = "ChatError";
  constructor(
    readonly code: ChatErrorCode,
    message: string,
    readonly details?: Record<string, string>,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** The same answer whether the conversation is missing or belongs to others: non-members learn nothing. */
export const conversationNotFound = () => new ChatError("not_found", "Conversation not found");
