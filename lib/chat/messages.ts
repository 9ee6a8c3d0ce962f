import type { Services } from "../services";
import type { SendMessageInput } from "../validation";
import { openConversation, requireMembership, requireNotBlocked } from "./conversations";
import { take } from "../security/rate-limits";
import { conversationAudience } from "./audience";
import { notification } from "./notifications";
import { takeGroupChange } from "./groups";
import { ChatError, rateLimited } from "./errors";
import { messageEvents } from "./notices";
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
  services: Pick<Services, "queries" | "notifier" | "rateLimits">,
  sender: PublicUser,
  input: SendMessageInput,
): Promise<SendResult> {
  const conversation = openConversation(services, sender, input.conversationId);
  requireNotBlocked(services, sender.id, conversation);
  const allowed = await take(services.rateLimits.send, String(sender.id));
  if (!allowed.ok) throw rateLimited(allowed.retryAfterMs);
  // The rate limit may have waited on Redis long enough for a removal or a block to commit (on
  // any instance): check again in the write transaction that stores the message.
  const stored = services.queries.inTransaction(() => {
    requireNotBlocked(services, sender.id, requireMembership(services, sender.id, input.conversationId));
    return services.queries.insertMessage({
      conversationId: input.conversationId,
      senderId: sender.id,
      senderName: sender.username,
      body: input.body,
      clientId: input.clientId,
      createdAt: Date.now(),
      kind: "text",
    });
  });
  if (stored) {
    services.notifier.publish(messageEvents(services, conversation, [stored]));
    return { message: toChatMessage(stored), created: true };
  }
  const existing = services.queries.findMessageByClientId(sender.id, input.clientId);
  if (!existing || existing.conversationId !== input.conversationId) {
    throw new ChatError("conflict", "clientId was already used for another message");
  }
  return { message: toChatMessage(existing), created: false };
}

/**
 * Deletes a message for everyone: group admins may delete any message in their group, everyone
 * their own. The row stays (ids and paging are unchanged) with its body wiped.
 */
export async function deleteMessage(
  services: Pick<Services, "queries" | "notifier" | "rateLimits">,
  user: PublicUser,
  conversationId: number,
  messageId: number,
): Promise<ChatMessage> {
  // Deletions share the group-change allowance: each one reaches every member.
  await takeGroupChange(services, user);
  const membership = requireMembership(services, user.id, conversationId);
  const message = services.queries.findMessage(conversationId, messageId);
  if (!message || message.id <= membership.visibleFromId) throw new ChatError("not_found", "Message not found");
  if (message.kind === "notice") throw new ChatError("invalid", "Notices cannot be deleted");
  const isAdmin = membership.kind === "group" && membership.role === "admin";
  if (message.senderId !== user.id && !isAdmin) {
    throw new ChatError("forbidden", "Only a group admin can delete other people's messages");
  }
  if (services.queries.deleteMessage(conversationId, messageId, Date.now())) {
    services.notifier.publish(notification(conversationAudience(services, membership), "message:deleted", { conversationId, messageId }));
  }
  return toChatMessage({ ...message, body: "", deleted: true });
}
