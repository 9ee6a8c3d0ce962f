import { othersWatching, usersAudience } from "./audience";
import { notification } from "./notifications";
import type { Services } from "../services";
import type { ReceiptInput } from "../validation";
import { requireMembership } from "./conversations";
import type { MemberReceipt, PublicUser } from "./types";

export type ReceiptKind = "delivered" | "read";

/**
 * Moves the user's delivered or read position forward (never back, never past the newest message)
 * and tells the conversation: the other members see the new position (not in the lobby), and every tab of the user
 * gets it with their fresh unread count, so reading in one tab clears the badge in all of them.
 */
export async function recordReceipt(
  services: Pick<Services, "store" | "notifier">,
  user: PublicUser,
  kind: ReceiptKind,
  input: ReceiptInput,
): Promise<MemberReceipt> {
  const membership = await requireMembership(services, user.id, input.conversationId);
  const read = kind === "read" ? input.messageId : 0;
  const result = await services.store.advanceReceipt(input.conversationId, user.id, input.messageId, read);
  if (!result) return { userId: user.id, lastDeliveredId: 0, lastReadId: 0 };
  const receipt: MemberReceipt = { userId: user.id, ...result.receipt };
  if (result.changed) {
    const update = { conversationId: input.conversationId, ...receipt };
    const unreadCount = await services.store.countUnread(input.conversationId, user.id, receipt.lastReadId);
    // In the lobby one reader's progress would be news to thousands, every time anyone reads.
    // Nobody on either side of a block with the reader learns how far they read.
    const others = membership.kind === "lobby" ? null : await othersWatching(services, membership, user.id);
    services.notifier.publish([
      ...notification(others, "receipt:update", update),
      ...notification(usersAudience([user.id]), "receipt:update", { ...update, unreadCount }),
    ]);
  }
  return receipt;
}
