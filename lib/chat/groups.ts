import type { MembershipRecord, MessageRecord } from "../../db/queries";
import type { GroupState } from "../realtime/events";
import { take } from "../security/rate-limits";
import type { Services } from "../services";
import { GROUP_MAX_MEMBERS, type CreateGroupInput } from "../validation";
import { usersAudience } from "./audience";
import { notification } from "./notifications";
import { requireMembership } from "./conversations";
import { ChatError, rateLimited } from "./errors";
import { insertNotice, messageEvents } from "./notices";
import type { PublicUser } from "./types";

type Deps = Pick<Services, "queries" | "notifier">;
type LimitedDeps = Pick<Services, "queries" | "notifier" | "rateLimits">;

/**
 * Every group change and deletion spends from one allowance per person, like sends: each writes a
 * notice and reaches every member. Taken before anything is read, so every check below runs after
 * the wait on the limiter (which may be Redis) and sees what committed meanwhile.
 */
export async function takeGroupChange(services: Pick<Services, "rateLimits">, user: PublicUser): Promise<void> {
  const allowed = await take(services.rateLimits.groupChange, String(user.id));
  if (!allowed.ok) throw rateLimited(allowed.retryAfterMs);
}

export interface GroupInfo {
  id: number;
  kind: "group";
  title: string;
}

const quote = (title: string) => `“${title}”`;

/** "bob", "bob and carol", "bob, carol and dave". */
function namesText(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function requireGroupAdmin(services: Deps, userId: number, conversationId: number): MembershipRecord {
  const membership = requireMembership(services, userId, conversationId);
  if (membership.kind !== "group") throw new ChatError("invalid", "Only groups have a name and members to change");
  if (membership.role !== "admin") throw new ChatError("forbidden", "Only a group admin can do that");
  return membership;
}

/**
 * The people to add, each checked: they exist, they have not blocked the one adding them (nor been
 * blocked by them), and their "Who can add me to groups" setting lets this person add them.
 */
function resolveInvitees(services: Deps, actor: PublicUser, userIds: readonly number[]): PublicUser[] {
  return userIds
    .filter((id) => id !== actor.id)
    .map((id) => {
      const user = services.queries.findUserById(id);
      if (!user) throw new ChatError("not_found", `User ${id} not found`);
      if (services.queries.isBlockedEitherWay(actor.id, id)) {
        throw new ChatError("forbidden", `You cannot add ${user.username}`);
      }
      // Says what the rule is, not whom they talk to.
      if (services.queries.getGroupInvites(id) === "contacts" && !services.queries.hasWrittenTo(id, actor.id)) {
        throw new ChatError("forbidden", `${user.username} only accepts group invitations from people they've talked with`);
      }
      return user;
    });
}

/** What every member sees alike of a group: its name and who is in it with which role. */
function groupState(services: Deps, conversationId: number): GroupState | undefined {
  const conversation = services.queries.findConversation(conversationId);
  if (!conversation) return undefined;
  const members = services.queries.listMembers(conversationId).map((m) => ({ id: m.userId, username: m.username, role: m.role }));
  return { title: conversation.title ?? "", members, memberCount: members.length };
}

/**
 * Tells every current member (and anyone just removed) what changed, then shows the notices. The
 * change carries the group's new shared state, so open tabs patch their list instead of fetching it.
 */
function announce(
  services: Deps,
  conversation: Pick<MembershipRecord, "id" | "kind">,
  notices: readonly MessageRecord[],
  removedUserIds: readonly number[] = [],
): void {
  const members = services.queries.listMemberIds(conversation.id);
  const group = groupState(services, conversation.id);
  services.notifier.publish([
    ...notification(usersAudience(members), "conversation:changed", { conversationId: conversation.id, removed: false, ...(group ? { group } : {}) }),
    ...notification(usersAudience(removedUserIds), "conversation:changed", { conversationId: conversation.id, removed: true }),
    ...messageEvents(services, conversation, notices),
  ]);
}

/** Creates a group with the creator as its admin and everyone picked as members. */
export async function createGroup(services: LimitedDeps, creator: PublicUser, input: CreateGroupInput): Promise<GroupInfo> {
  await takeGroupChange(services, creator);
  const invitees = resolveInvitees(services, creator, input.userIds);
  if (invitees.length === 0) throw new ChatError("invalid", "Pick at least one person besides yourself");
  const { conversation, notice } = services.queries.inTransaction(() => {
    const conversation = services.queries.createGroup(
      input.title,
      creator.id,
      invitees.map((u) => u.id),
      Date.now(),
    );
    const names = namesText(invitees.map((u) => u.username));
    const notice = insertNotice(services, conversation.id, creator, `${creator.username} created the group ${quote(input.title)} with ${names}`);
    return { conversation, notice };
  });
  announce(services, conversation, [notice]);
  return { id: conversation.id, kind: "group", title: input.title };
}

export async function renameGroup(services: LimitedDeps, user: PublicUser, conversationId: number, title: string): Promise<GroupInfo> {
  await takeGroupChange(services, user);
  const membership = requireGroupAdmin(services, user.id, conversationId);
  if (membership.title === title) return { id: conversationId, kind: "group", title };
  const notice = services.queries.inTransaction(() => {
    services.queries.renameConversation(conversationId, title);
    return insertNotice(services, conversationId, user, `${user.username} renamed the group to ${quote(title)}`);
  });
  announce(services, membership, [notice]);
  return { id: conversationId, kind: "group", title };
}

/** Adds people (admins only). They read history from this moment on. Returns who was new. */
export async function addMembers(
  services: LimitedDeps,
  user: PublicUser,
  conversationId: number,
  userIds: readonly number[],
): Promise<PublicUser[]> {
  await takeGroupChange(services, user);
  const membership = requireGroupAdmin(services, user.id, conversationId);
  const current = new Set(services.queries.listMemberIds(conversationId));
  const invitees = resolveInvitees(services, user, userIds).filter((u) => !current.has(u.id));
  if (invitees.length === 0) return [];
  if (current.size + invitees.length > GROUP_MAX_MEMBERS) {
    throw new ChatError("invalid", `A group has at most ${GROUP_MAX_MEMBERS} members`);
  }
  const notice = services.queries.inTransaction(() => {
    const now = Date.now();
    // Everyone is added before the notice, so each new member's history starts with it.
    for (const invitee of invitees) services.queries.addMember(conversationId, invitee.id, "member", now);
    return insertNotice(services, conversationId, user, `${user.username} added ${namesText(invitees.map((u) => u.username))}`);
  });
  announce(services, membership, [notice]);
  return invitees;
}

/**
 * Removes someone from a group: an admin removing a member, or anyone leaving (removing
 * themselves). From the commit on they get nothing more from it and cannot read it; when the last
 * admin leaves, the longest-standing member becomes admin so the group is never stuck.
 */
export async function removeMember(services: LimitedDeps, user: PublicUser, conversationId: number, targetId: number): Promise<void> {
  await takeGroupChange(services, user);
  const leaving = targetId === user.id;
  const membership = leaving ? requireMembership(services, user.id, conversationId) : requireGroupAdmin(services, user.id, conversationId);
  if (membership.kind === "private") throw new ChatError("invalid", "You cannot leave a private conversation");
  if (membership.kind === "lobby") throw new ChatError("invalid", "The lobby is open to everyone: mute it instead");
  const target = leaving ? user : services.queries.findUserById(targetId);
  if (!target || (!leaving && !services.queries.findMembership(conversationId, targetId))) {
    throw new ChatError("not_found", "Not a member of this group");
  }
  const notices = services.queries.inTransaction(() => {
    services.queries.removeMember(conversationId, targetId);
    const out = [
      insertNotice(services, conversationId, user, leaving ? `${user.username} left` : `${user.username} removed ${target.username}`),
    ];
    if (services.queries.countAdmins(conversationId) === 0) {
      const heir = services.queries.findLongestMember(conversationId);
      const heirUser = heir === undefined ? undefined : services.queries.findUserById(heir);
      if (heirUser) {
        services.queries.setMemberRole(conversationId, heirUser.id, "admin");
        out.push(insertNotice(services, conversationId, heirUser, `${heirUser.username} is now an admin`));
      }
    }
    return out;
  });
  // Groups are not fanned out through a room, but should any socket of theirs be in one, it leaves
  // it on every instance.
  services.notifier.publish([{ op: "leave", userId: targetId, conversationId }]);
  announce(services, membership, notices, [targetId]);
}
