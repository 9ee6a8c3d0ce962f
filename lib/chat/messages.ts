import { userRoom } from "../realtime/events";
import type { Services } from "../services";
import type { SendMessageInput } from "../validation";
import { requireMembership } from "./conversations";
import { take } from "../security/rate-limits";
import { ChatError, rateLimited } from "./errors";
import { toChatMessage } from "./serialize";
import type { ChatMessage, PublicUser } from "./types";

export interface SendResult {
  message: ChatMessage;
  /** False when this was a retry of a message already stored. */
  created: boolean;
}

/**
 * The one way a message enters the system, for socket and HTTP senders alike: check membership,
 * store once per (sender, clientId), then push to every member's sockets. A retry gets the stored
 * message back and pushes nothing, so members never see it twice.
 */
export async function sendMessage(
  services: Pick<Services, "queries" | "io" | "rateLimits">,
  sender: PublicUser,
  input: SendMessageInput,
): Promise<SendResult> {
  const members = requireMembership(services, sender.id, input.conversationId);
  const allowed = await take(services.rateLimits.send, String(sender.id));
  if (!allowed.ok) throw rateLimited(allowed.retryAfterMs);
  const stored = services.queries.insertMessage({
    conversationId: input.conversationId,
    senderId: sender.id,
    senderName: sender.username,
    body: input.body,
    clientId: input.clientId,
    createdAt: Date.now(),
  });
  if (stored) {
    const message = toChatMessage(stored);
    services.io?.to(members.map(userRoom)).emit("message:new", message);
    return { message, created: true };
  }
  const existing = services.queries.findMessageByClientId(sender.id, input.clientId);
  if (!existing || existing.conversationId !== input.conversationId) {
    throw new ChatError("conflict", "clientId was already used for another message");
  }
  return { message: toChatMessage(existing), created: false };
}
