import type { Services } from "../services";
import { usersAudience } from "./audience";
import { notification } from "./notifications";
import { openConversation } from "./conversations";
import { ChatError } from "./errors";
import type { PublicUser } from "./types";

/** Mutes (or unmutes) a conversation for this user only: no notifications, no count in the tab title. */
export function setMuted(services: Pick<Services, "queries" | "notifier">, user: PublicUser, conversationId: number, muted: boolean): boolean {
  openConversation(services, user, conversationId);
  services.queries.setMuted(conversationId, user.id, muted);
  services.notifier.publish(notification(usersAudience([user.id]), "conversation:changed", { conversationId, removed: false, muted }));
  return muted;
}

function requireOtherUser(services: Pick<Services, "queries">, user: PublicUser, targetId: number): PublicUser {
  if (targetId === user.id) throw new ChatError("invalid", "You cannot block yourself");
  const target = services.queries.findUserById(targetId);
  if (!target) throw new ChatError("not_found", "User not found");
  return target;
}

/**
 * Blocks a user: no private conversation between the two (new or existing), they cannot add me to
 * groups, and they stop seeing my presence, starting with an "offline" now.
 */
export function blockUser(services: Pick<Services, "queries" | "notifier">, user: PublicUser, targetId: number): boolean {
  requireOtherUser(services, user, targetId);
  const created = services.queries.insertBlock(user.id, targetId, Date.now());
  if (created) {
    services.notifier.publish(
      notification(usersAudience([targetId]), "presence:update", { userId: user.id, username: user.username, online: false, lastSeenAt: null }),
    );
  }
  return created;
}

/** Lifts a block; they see my real presence again from now. */
export async function unblockUser(services: Pick<Services, "queries" | "notifier" | "presence">, user: PublicUser, targetId: number): Promise<boolean> {
  requireOtherUser(services, user, targetId);
  const removed = services.queries.deleteBlock(user.id, targetId);
  if (removed) {
    const online = (await services.presence.onlineUserIds()).has(user.id);
    services.notifier.publish(notification(usersAudience([targetId]), "presence:update", { userId: user.id, username: user.username, online, lastSeenAt: null }));
  }
  return removed;
}

export function listBlocked(services: Pick<Services, "queries">, user: PublicUser): number[] {
  return services.queries.listBlockedIds(user.id);
}
