import type { ConversationRecord, MessageRecord } from "../../db/store";
import type { Services } from "../services";
import { conversationAudience } from "./audience";
import { notification, type ChatEvent } from "./notifications";
import { toChatMessage } from "./serialize";

/**
 * Stored messages (or notices: "alice added bob", kept in the log as messages of kind "notice" so
 * they are ordered, paged and caught up like any other) for everyone in the conversation, in id
 * order. Built after the commit that stored them, for the members at that moment.
 */
export async function messageEvents(
  services: Pick<Services, "store">,
  conversation: Pick<ConversationRecord, "id" | "kind">,
  records: readonly MessageRecord[],
): Promise<ChatEvent[]> {
  const to = await conversationAudience(services, conversation);
  return records.flatMap((record) => notification(to, "message:new", toChatMessage(record)));
}
