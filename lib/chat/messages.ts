import type { MessageRecord } from "../../db/store";
import type { Services } from "../services";
import { EDIT_WINDOW_MS, type EditMessageInput, type ReactInput, type SendMessageInput } from "../validation";
import { notDeliveredError, requireMembership } from "./conversations";
import { take } from "../security/rate-limits";
import { conversationAudience, knownAudience, usersAudience } from "./audience";
import { joinLobby, lobbyConversation } from "./lobby";
import { notification, type Audience, type Notification } from "./notifications";
import { takeGroupChange } from "./groups";
import { ChatError, conversationNotFound, rateLimited } from "./errors";
import { toChatMessage, withQuoteUnavailable } from "./serialize";
import { removeFiles } from "../files/uploads";
import type { ChatMessage, PublicUser } from "./types";
import { mentionedUsernames } from "../mentions";

export interface SendResult {
  message: ChatMessage;
  /** False when this was a retry of a message already stored. */
  created: boolean;
}

/**
 * The one way a message enters the system, for socket and HTTP senders alike: store once per
 * (sender, clientId), checking membership and blocks in the same transaction, then push to every
 * member's sockets. A retry gets the stored message back and pushes nothing, so members never see
 * it twice. The store's transaction is the only check: one round trip to the database on the hot
 * path (docs/decisions/0015-postgres-send-path.md).
 */
export async function sendMessage(
  services: Pick<Services, "store" | "notifier" | "rateLimits">,
  sender: PublicUser,
  input: SendMessageInput,
): Promise<SendResult> {
  await takeSend(services, sender);
  const draft = {
    conversationId: input.conversationId,
    senderId: sender.id,
    senderName: sender.username,
    body: input.body,
    clientId: input.clientId,
    createdAt: Date.now(),
    kind: "text" as const,
    attachmentIds: input.attachmentIds ?? [],
    replyToId: input.replyToId ?? null,
    mentions: mentionedUsernames(input.body),
  };
  let result = await services.store.storeMessage(draft);
  // Writing to the lobby joins it (reading never does): then store again, now as a member.
  if (result.kind === "not_member" && input.conversationId === (await lobbyConversation(services)).id) {
    await joinLobby(services, sender);
    result = await services.store.storeMessage(draft);
  }
  if (result.kind === "not_member") throw conversationNotFound();
  if (result.kind === "blocked") throw notDeliveredError();
  if (result.kind === "bad_attachments") {
    throw new ChatError("invalid", "A file of this message was not uploaded by you to this conversation, or was sent already");
  }
  if (result.kind === "bad_reply") throw new ChatError("not_found", "The message you reply to is not there, or you cannot see it");
  if (result.kind === "stored") {
    const message = toChatMessage(result.message);
    services.notifier.publish(
      splitByQuote(knownAudience(result.conversation, result.memberIds), "message:new", message, result.replyHiddenFrom),
    );
    return { message, created: true };
  }
  const existing = result.message;
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
  services: Pick<Services, "store" | "notifier" | "rateLimits" | "files">,
  user: PublicUser,
  conversationId: number,
  messageId: number,
): Promise<ChatMessage> {
  // Deletions share the group-change allowance: each one reaches every member.
  await takeGroupChange(services, user);
  const membership = await requireMembership(services, user.id, conversationId);
  const message = await services.store.findMessage(conversationId, messageId);
  if (!message || message.id <= membership.visibleFromId) throw new ChatError("not_found", "Message not found");
  if (message.kind === "notice") throw new ChatError("invalid", "Notices cannot be deleted");
  const isAdmin = membership.kind === "group" && membership.role === "admin";
  if (message.senderId !== user.id && !isAdmin) {
    throw new ChatError("forbidden", "Only a group admin can delete other people's messages");
  }
  // Checked again as it commits: they may have been removed, or lost their admin role, meanwhile.
  const result = await services.store.deleteMessage({ conversationId, messageId, actorId: user.id, at: Date.now() });
  if ("refused" in result) {
    throw result.refused === "not_admin"
      ? new ChatError("forbidden", "Only a group admin can delete other people's messages")
      : new ChatError("not_found", "Message not found");
  }
  // Its files went with it: their rows in the same transaction, their bytes now that it committed.
  await removeFiles(services.files, result.files);
  if (result.deleted) {
    services.notifier.publish(notification(await conversationAudience(services, membership), "message:deleted", { conversationId, messageId }));
  }
  return toChatMessage(result.message);
}

/**
 * Corrects one's own text message, within EDIT_WINDOW_MS of sending it (the files it carries stay
 * as they were). Every member, live, and anyone away, through the change log, gets it as it now
 * is; the earlier texts are kept in the database but never shown.
 */
export async function editMessage(services: ChangeDeps, user: PublicUser, input: EditMessageInput): Promise<ChatMessage> {
  await takeSend(services, user);
  const now = Date.now();
  const result = await services.store.editMessage({ ...input, actorId: user.id, at: now, notBefore: now - EDIT_WINDOW_MS });
  if ("refused" in result) {
    if (result.refused === "not_member") throw conversationNotFound();
    if (result.refused === "not_sender") throw new ChatError("forbidden", "Only its sender can edit a message");
    if (result.refused === "window_over") throw new ChatError("edit_window_over", "Messages can be edited for 48 hours after sending");
    throw new ChatError("not_found", "Message not found");
  }
  return announceChange(services, user, input.conversationId, result);
}

/**
 * Adds or takes back one's reaction to a message one sees. Idempotent: pressing twice in a race
 * leaves one reaction. It is not a message: nothing becomes unread and nobody is notified, but
 * every member sees the counts change (message:updated), and anyone away gets them by catch-up.
 */
export async function reactToMessage(services: ChangeDeps, user: PublicUser, input: ReactInput): Promise<ChatMessage> {
  await takeSend(services, user);
  const result = await services.store.react({ ...input, userId: user.id, at: Date.now() });
  if ("refused" in result) {
    if (result.refused === "not_member") throw conversationNotFound();
    if (result.refused === "full") throw new ChatError("invalid", "A message can have at most 20 different reactions");
    throw new ChatError("not_found", "Message not found");
  }
  return announceChange(services, user, input.conversationId, result);
}

type ChangeDeps = Pick<Services, "store" | "notifier" | "rateLimits">;

/** Sends, edits and reactions spend from one allowance: each one reaches every member. */
async function takeSend(services: Pick<Services, "rateLimits">, user: PublicUser): Promise<void> {
  const allowed = await take(services.rateLimits.send, String(user.id));
  if (!allowed.ok) throw rateLimited(allowed.retryAfterMs);
}

/** A message as it now is, told to the conversation's members as they are after the change committed. */
async function announceChange(
  services: Pick<Services, "store" | "notifier">,
  user: PublicUser,
  conversationId: number,
  result: { changed: boolean; message: MessageRecord },
): Promise<ChatMessage> {
  const message = toChatMessage(result.message);
  if (result.changed) {
    const membership = await services.store.findMembership(conversationId, user.id);
    if (membership) {
      const quoted = membership.kind !== "lobby" && message.replyTo ? message.replyTo.id : null;
      const hidden = quoted === null ? [] : await services.store.listMembersNotSeeing(conversationId, quoted);
      services.notifier.publish(splitByQuote(await conversationAudience(services, membership), "message:updated", message, hidden));
    }
  }
  return message;
}

/**
 * A message for its audience, where the members whose history starts after the message it
 * answers (`hidden`) get the quote as "unavailable": a reply never shows them what they cannot read.
 */
function splitByQuote(
  to: Audience | null,
  event: "message:new" | "message:updated",
  message: ChatMessage,
  hidden: readonly number[],
): Notification[] {
  if (hidden.length === 0 || !to || !("users" in to)) return notification(to, event, message);
  const hide = new Set(hidden);
  return [
    ...notification(usersAudience(to.users.filter((id) => !hide.has(id))), event, message),
    ...notification(usersAudience(to.users.filter((id) => hide.has(id))), event, withQuoteUnavailable(message)),
  ];
}
