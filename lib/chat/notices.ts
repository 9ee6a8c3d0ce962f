import { randomUUID } from "node:crypto";
import type { ConversationRecord, MessageRecord } from "../../db/queries";
import type { Services } from "../services";
import { conversationAudience } from "./audience";
import { notification, type ChatEvent } from "./notifications";
import { toChatMessage } from "./serialize";
import type { PublicUser } from "./types";

/**
 * Writes a notice ("alice added bob") into the conversation's log as a message of kind "notice",
 * so it is ordered, paged, caught up and shown exactly like messages. Call inside the transaction
 * that made the change; publish the result after it commits.
 */
export function insertNotice(
  services: Pick<Services, "queries">,
  conversationId: number,
  actor: PublicUser,
  body: string,
): MessageRecord {
  const stored = services.queries.insertMessage({
    conversationId,
    senderId: actor.id,
    senderName: actor.username,
    body,
    clientId: `notice-${randomUUID()}`,
    createdAt: Date.now(),
    kind: "notice",
  });
  if (!stored) throw new Error("a notice's fresh clientId collided");
  return stored;
}

/** Stored messages (or notices) for everyone in the conversation, in id order: publish after commit. */
export function messageEvents(
  services: Pick<Services, "queries">,
  conversation: Pick<ConversationRecord, "id" | "kind">,
  records: readonly MessageRecord[],
): ChatEvent[] {
  const to = conversationAudience(services, conversation);
  return records.flatMap((record) => notification(to, "message:new", toChatMessage(record)));
}
