import type { MembershipRecord, MessageRecord } from "../../db/store";
import type { GroupState } from "../realtime/events";
import { take } from "../security/rate-limits";
import type { Services } from "../services";
import { GROUP_MAX_MEMBERS, type CreateGroupInput } from "../validation";
import { usersAudience } from "./audience";
import { notification } from "./notifications";
import { requireMembership } from "./conversations";
import { ChatError, rateLimited } from "./errors";
import { messageEvents } from "./notices";
import type { PublicUser } from "./types";

type Deps = Pick<Services, "store" | "notifier">;
type LimitedDeps = Pick<Services, "store" | "notifier" | "rateLimits">;

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

async function requireGroupAdmin(services: Deps, userId: number, conversationId: number): Promise<MembershipRecord> {
  const membership = await requireMembership(services, userId, conversationId);
  if (membership.kind !== "group") throw new ChatError("invalid", "Only groups have a name and members to change");
  if (membership.role !== "admin") throw new ChatError("forbidden", "Only a group admin can do that");
  return membership;
}

const notAdmin = () => new ChatError("forbidden", "Only a group admin can do that");

/**
 * The people to add, each checked: they exist, they have not blocked the one adding them (nor been
 * blocked by them), and their "Who can add me to groups" setting lets this person add them.
 */
async function resolveInvitees(services: Deps, actor: PublicUser, userIds: readonly number[]): Promise<PublicUser[]> {
  const { store } = services;
  const out: PublicUser[] = [];
  for (const id of userIds) {
    if (id === actor.id) continue;
    const user = await store.findUserById(id);
    if (!user) throw new ChatError("not_found", `User ${id} not found`);
    if (await store.isBlockedEitherWay(actor.id, id)) throw new ChatError("forbidden", `You cannot add ${user.username}`);
    // Says what the rule is, not whom they talk to.
    if ((await store.getGroupInvites(id)) === "contacts" && !(await store.hasWrittenTo(id, actor.id))) {
      throw new ChatError("forbidden", `${user.username} only accepts group invitations from people they've talked with`);
    }
    out.push(user);
  }
  return out;
}

/** What every member sees alike of a group: its name and who is in it with which role. */
async function groupState(services: Deps, conversationId: number): Promise<GroupState | undefined> {
  const conversation = await services.store.findConversation(conversationId);
  if (!conversation) return undefined;
  const members = (await services.store.listMembers(conversationId)).map((m) => ({ id: m.userId, username: m.username, role: m.role }));
  return { title: conversation.title ?? "", members, memberCount: members.length };
}

/**
 * Tells every current member (and anyone just removed) what changed, then shows the notices. The
 * change carries the group's new shared state, so open tabs patch their list instead of fetching it.
 * Runs after the change committed: the members and state read here are the new ones.
 */
async function announce(
  services: Deps,
  conversation: Pick<MembershipRecord, "id" | "kind">,
  notices: readonly MessageRecord[],
  removedUserIds: readonly number[] = [],
): Promise<void> {
  const [members, group, messages] = await Promise.all([
    services.store.listMemberIds(conversation.id),
    groupState(services, conversation.id),
    messageEvents(services, conversation, notices),
  ]);
  services.notifier.publish([
    ...notification(usersAudience(members), "conversation:changed", { conversationId: conversation.id, removed: false, ...(group ? { group } : {}) }),
    ...notification(usersAudience(removedUserIds), "conversation:changed", { conversationId: conversation.id, removed: true }),
    ...messages,
  ]);
}

/** Creates a group with the creator as its admin and everyone picked as members. */
export async function createGroup(services: LimitedDeps, creator: PublicUser, input: CreateGroupInput): Promise<GroupInfo> {
  await takeGroupChange(services, creator);
  const invitees = await resolveInvitees(services, creator, input.userIds);
  if (invitees.length === 0) throw new ChatError("invalid", "Pick at least one person besides yourself");
  const names = namesText(invitees.map((u) => u.username));
  const { conversation, notice } = await services.store.createGroup({
    title: input.title,
    creatorId: creator.id,
    memberIds: invitees.map((u) => u.id),
    at: Date.now(),
    notice: { actor: creator, body: `${creator.username} created the group ${quote(input.title)} with ${names}` },
  });
  await announce(services, conversation, [notice]);
  return { id: conversation.id, kind: "group", title: input.title };
}

export async function renameGroup(services: LimitedDeps, user: PublicUser, conversationId: number, title: string): Promise<GroupInfo> {
  await takeGroupChange(services, user);
  const membership = await requireGroupAdmin(services, user.id, conversationId);
  if (membership.title === title) return { id: conversationId, kind: "group", title };
  const result = await services.store.renameGroup({
    conversationId,
    actorId: user.id,
    title,
    notice: { actor: user, body: `${user.username} renamed the group to ${quote(title)}` },
  });
  if ("refused" in result) throw notAdmin();
  await announce(services, membership, [result.notice]);
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
  const membership = await requireGroupAdmin(services, user.id, conversationId);
  const current = new Set(await services.store.listMemberIds(conversationId));
  const invitees = (await resolveInvitees(services, user, userIds)).filter((u) => !current.has(u.id));
  if (invitees.length === 0) return [];
  if (current.size + invitees.length > GROUP_MAX_MEMBERS) {
    throw new ChatError("invalid", `A group has at most ${GROUP_MAX_MEMBERS} members`);
  }
  const result = await services.store.addMembers({
    conversationId,
    actorId: user.id,
    userIds: invitees.map((u) => u.id),
    at: Date.now(),
    notice: { actor: user, body: `${user.username} added ${namesText(invitees.map((u) => u.username))}` },
  });
  if ("refused" in result) throw notAdmin();
  await announce(services, membership, [result.notice]);
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
  const membership = leaving ? await requireMembership(services, user.id, conversationId) : await requireGroupAdmin(services, user.id, conversationId);
  if (membership.kind === "private") throw new ChatError("invalid", "You cannot leave a private conversation");
  if (membership.kind === "lobby") throw new ChatError("invalid", "The lobby is open to everyone: mute it instead");
  const target = leaving ? user : await services.store.findUserById(targetId);
  const notMember = () => new ChatError("not_found", "Not a member of this group");
  if (!target) throw notMember();
  const result = await services.store.removeMember({
    conversationId,
    actorId: user.id,
    targetId,
    notice: { actor: user, body: leaving ? `${user.username} left` : `${user.username} removed ${target.username}` },
    heirNotice: (heir) => ({ actor: heir, body: `${heir.username} is now an admin` }),
  });
  if ("refused" in result) throw result.refused === "not_admin" ? notAdmin() : notMember();
  // Groups are not fanned out through a room, but should any socket of theirs be in one, it leaves
  // it on every instance.
  services.notifier.publish([{ op: "leave", userId: targetId, conversationId }]);
  await announce(services, membership, result.notices, [targetId]);
}
