import type { ChatErrorCode } from "../chat/errors";
import { MESSAGE_MAX } from "../limits";

/**
 * What a refusal means for the person, chosen by its code (the server's words are the fallback):
 * the client acts on `code`, so rewording a server message changes nothing here.
 */
const WORDS: Partial<Record<ChatErrorCode, string>> = {
  not_member: "You are not in this conversation any more",
  too_long: `Too long: a message can have at most ${MESSAGE_MAX.toLocaleString("en")} characters`,
  edit_window_over: "Too late to edit: messages can be edited for 48 hours after sending",
  rate_limited: "Too fast: wait a moment and try again",
  busy: "The server is restarting: try again in a moment",
};

export function refusalText(answer: { error: string; code?: string }): string {
  return (answer.code && WORDS[answer.code as ChatErrorCode]) || answer.error;
}
