import type { Services } from "../services";
import { usersAudience } from "./audience";
import { notification } from "./notifications";
import { openConversation } from "./conversations";
import { ChatError } from "./errors";
import type { PublicUser } from "./types";

/** Mutes (or unmutes) a conversation for this user only: no notifications, no count in the tab title. */
export async function setMuted(
  services: Pick<Services, "store" | "notifier">,
  user: PublicUser,
  conversationId: number,
  muted: boolean,
): Promise<boolean> {
  await openConversation(services, user, conversationId);
  await services.store.setMuted(conversationId, user.id, muted);
  services.notifier.publish(notification(usersAudience([user.id]), "conversation:changed", { conversationId, removed: false, muted }));
  return muted;
}

async function requireOtherUser(services: Pick<Services, "store">, user: PublicUser, targetId: number): Promise<PublicUser> {
  if (targetId === user.id) throw new ChatError("invalid", "You cannot block yourself");
  const target = await services.store.findUserById(targetId);
  if (!target) throw new ChatError("not_found", "User not found");
  return target;
}

/**
 * Blocks a user: no private conversation between the two (new or existing), they cannot add me to
 * groups, and they stop seeing my presence, starting with an "offline" now.
 */
export async function blockUser(services: Pick<Services, "store" | "notifier">, user: PublicUser, targetId: number): Promise<boolean> {
  await requireOtherUser(services, user, targetId);
  const created = await services.store.block(user.id, targetId, Date.now());
  if (created) {
    services.notifier.publish(
      notification(usersAudience([targetId]), "presence:update", { userId: user.id, username: user.username, online: false, lastSeenAt: null }),
    );
  }
  return created;
}

/** Lifts a block; they see my real presence again from now. */
export async function unblockUser(services: Pick<Services, "store" | "notifier" | "presence">, user: PublicUser, targetId: number): Promise<boolean> {
  await requireOtherUser(services, user, targetId);
  const removed = await services.store.unblock(user.id, targetId);
  if (removed) {
    const online = (await services.presence.onlineUserIds()).has(user.id);
    services.notifier.publish(notification(usersAudience([targetId]), "presence:update", { userId: user.id, username: user.username, online, lastSeenAt: null }));
  }
  return removed;
}

export function listBlocked(services: Pick<Services, "store">, user: PublicUser): Promise<number[]> {
  return services.store.listBlockedIds(user.id);
}
