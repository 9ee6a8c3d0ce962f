/** Machine-readable reasons, sent as `code` beside the words in every HTTP error and socket ack. */
export type ChatErrorCode =
  | "invalid"
  | "too_long"
  | "unauthorized"
  | "not_found"
  | "not_member"
  | "conflict"
  | "forbidden"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "busy"
  | "challenge_required"
  | "edit_window_over"
  | "internal";

const STATUS: Record<ChatErrorCode, number> = {
  invalid: 400,
  too_long: 400,
  unauthorized: 401,
  forbidden: 403,
  edit_window_over: 403,
  not_found: 404,
  not_member: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  challenge_required: 428,
  rate_limited: 429,
  internal: 500,
  busy: 503,
};

/** An expected refusal: its message is safe to show the caller as it is. */
export class ChatError extends Error {
  override name = "ChatError";
  constructor(
    readonly code: ChatErrorCode,
    message: string,
    readonly details?: Record<string, string>,
    /** For rate_limited and busy: when trying again can succeed. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** A puzzle the caller must solve and send back with the same request (see lib/client/proof-of-work.ts). */
export interface Challenge {
  /** Signed and expiring: sent back as it is with the solution. */
  token: string;
  nonce: string;
  /** Leading zero bits SHA-256(`${nonce}:${solution}`) must have. */
  difficulty: number;
}

/** 428: do a little work first (registration from a busy address); the answer carries the puzzle. */
export class ChallengeRequired extends ChatError {
  constructor(readonly challenge: Challenge) {
    super("challenge_required", "Solve the challenge and send the request again");
  }
}

export const rateLimited = (retryAfterMs: number) =>
  new ChatError("rate_limited", "Too many requests: try again shortly", undefined, retryAfterMs);

/**
 * The same answer whether the conversation is missing or belongs to others (`not_member`, 404):
 * non-members learn nothing, not even that it exists.
 */
export const conversationNotFound = () => new ChatError("not_member", "Conversation not found");
