import { randomUUID } from "node:crypto";
import type { ConversationRecord, MessageRecord } from "../../db/queries";
import type { Services } from "../services";
import { toConversation } from "./audience";
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

/** Pushes stored messages (or notices) to everyone in the conversation, in id order. */
export function publishMessages(
  services: Pick<Services, "queries" | "io">,
  conversation: Pick<ConversationRecord, "id" | "kind">,
  records: readonly MessageRecord[],
): void {
  const target = toConversation(services, conversation);
  for (const record of records) target?.emit("message:new", toChatMessage(record));
}
