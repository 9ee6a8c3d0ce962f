import type { DatabaseHandle } from "../client";
import { createQueries } from "../queries";
import { messageIdsOf, toChangePage } from "../queries/changes";
import { toAttachment } from "../queries/uploads";
import { noticeMessage, type MessageRecord, type NoticeDraft, type Store, type StoredAttachment } from "../store";

/**
 * The embedded default: better-sqlite3, synchronous inside each method. Every command runs in one
 * IMMEDIATE transaction (the write lock is taken at its start, so checks and writes see the same
 * state), and resolves only after it committed.
 */
export function createSqliteStore(database: DatabaseHandle): Store {
  const q = createQueries(database.db);
  const tx = q.inTransaction;

  const insertNotice = (conversationId: number, draft: NoticeDraft, at: number): MessageRecord => {
    const stored = q.insertMessage(noticeMessage(conversationId, draft, at));
    if (!stored) throw new Error("a notice's fresh clientId collided");
    return stored;
  };
  const isAdmin = (conversationId: number, userId: number) => {
    const m = q.findMembership(conversationId, userId);
    return m?.kind === "group" && m.role === "admin";
  };

  // Each method is async so that callers are written once for every adapter; the work itself is
  // synchronous here and done before the returned promise settles.
  return {
    findUserById: async (id) => q.findUserById(id),
    findUserByUsername: async (username) => q.findUserByUsername(username),
    findSessionUser: async (id) => q.findSessionUser(id),
    listUsersExcept: async (id) => q.listUsersExcept(id),
    getProfile: async (id) => q.getProfile(id),
    setDisplayName: async (id, displayName) => q.setDisplayName(id, displayName),
    setAvatar: async (id, avatarKey) =>
      tx(() => {
        const previous = q.getProfile(id);
        const profile = previous && q.setAvatarKey(id, avatarKey);
        return profile && { profile, previousKey: previous.avatarKey };
      }),
    createUser: async (username, hash, at) => q.insertUser(username, hash, at),
    endSessions: async (id) => q.endSessions(id),
    changePassword: async (id, hash) => q.changePassword(id, hash),
    setLastSeen: async (id, at) => q.setLastSeen(id, at),
    getGroupInvites: async (id) => q.getGroupInvites(id),
    setGroupInvites: async (id, value) => q.setGroupInvites(id, value),
    hasWrittenTo: async (author, other) => q.hasWrittenTo(author, other),

    block: async (blocker, blocked, at) => q.insertBlock(blocker, blocked, at),
    unblock: async (blocker, blocked) => q.deleteBlock(blocker, blocked),
    listBlockedIds: async (id) => q.listBlockedIds(id),
    listBlockerIds: async (id) => q.listBlockerIds(id),
    isBlockedEitherWay: async (a, b) => q.isBlockedEitherWay(a, b),

    findConversation: async (id) => q.findConversation(id),
    findMembership: async (conversationId, userId) => q.findMembership(conversationId, userId),
    listMemberIds: async (id) => q.listMemberIds(id),
    listMembers: async (id) => q.listMembers(id),
    countMembers: async (id) => q.countMembers(id),
    listConversations: async (userId) =>
      // One read transaction: the members match the summaries they are listed with.
      database.sqlite.transaction(() => ({
        summaries: q.listConversationSummaries(userId),
        members: q.listMembersOfUsersConversations(userId),
      }))(),
    findPrivateConversation: async (a, b) => q.findPrivateConversation(a, b),
    getOrCreatePrivateConversation: async (a, b, at) =>
      tx(() => {
        const existing = q.findPrivateConversation(a, b);
        if (existing) return existing;
        const created = q.getOrCreatePrivateConversation(a, b, at);
        q.recordChange("conversation", created.id);
        return created;
      }),
    getOrCreateLobby: async (title, at) => q.getOrCreateLobby(title, at),
    setMuted: async (conversationId, userId, muted) =>
      tx(() => {
        if (!q.setMuted(conversationId, userId, muted)) return false;
        // Theirs alone: their other devices catch up on it.
        q.recordChange("conversation", conversationId, userId);
        return true;
      }),

    createGroup: async ({ title, creatorId, memberIds, at, notice }) =>
      tx(() => {
        const conversation = q.createGroup(title, creatorId, memberIds, at);
        q.recordChange("conversation", conversation.id);
        return { conversation, notice: insertNotice(conversation.id, notice, at) };
      }),
    renameGroup: async ({ conversationId, actorId, title, notice }) =>
      tx(() => {
        if (!isAdmin(conversationId, actorId)) return { refused: "not_admin" as const };
        q.renameConversation(conversationId, title);
        q.recordChange("conversation", conversationId);
        return { notice: insertNotice(conversationId, notice, Date.now()) };
      }),
    addMembers: async ({ conversationId, actorId, userIds, at, notice }) =>
      tx(() => {
        if (!isAdmin(conversationId, actorId)) return { refused: "not_admin" as const };
        // Everyone is added before the notice, so each new member's history starts with it.
        for (const id of userIds) q.addMember(conversationId, id, "member", at);
        q.recordChange("conversation", conversationId);
        return { notice: insertNotice(conversationId, notice, at) };
      }),
    removeMember: async ({ conversationId, actorId, targetId, notice, heirNotice }) =>
      tx(() => {
        if (actorId !== targetId && !isAdmin(conversationId, actorId)) return { refused: "not_admin" as const };
        if (!q.removeMember(conversationId, targetId)) return { refused: "not_found" as const };
        // The others see the new member list; the one removed, that it is gone for them.
        q.recordChange("conversation", conversationId);
        q.recordChange("conversation", conversationId, targetId);
        const at = Date.now();
        const notices = [insertNotice(conversationId, notice, at)];
        if (q.countAdmins(conversationId) === 0) {
          const heirId = q.findLongestMember(conversationId);
          const heir = heirId === undefined ? undefined : q.findUserById(heirId);
          if (heir) {
            q.setMemberRole(conversationId, heir.id, "admin");
            notices.push(insertNotice(conversationId, heirNotice(heir), at));
          }
        }
        return { notices };
      }),
    joinLobby: async ({ lobbyId, userId, at, notice }) =>
      tx(() => {
        if (!q.addMember(lobbyId, userId, "member", at, true)) return null;
        q.recordChange("conversation", lobbyId);
        return insertNotice(lobbyId, notice, at);
      }),

    storeMessage: async (message) =>
      tx(() => {
        const membership = q.findMembership(message.conversationId, message.senderId);
        if (!membership) return { kind: "not_member" as const };
        if (membership.kind === "private") {
          const peer = q.listMemberIds(message.conversationId).find((id) => id !== message.senderId);
          if (peer !== undefined && q.isBlockedEitherWay(message.senderId, peer)) return { kind: "blocked" as const };
        }
        const wanted = message.attachmentIds ?? [];
        let attachments: StoredAttachment[] = [];
        if (wanted.length > 0) {
          // A retry finds its files attached already: it is answered with the stored message.
          const existing = q.findMessageByClientId(message.senderId, message.clientId);
          if (existing) return { kind: "existing" as const, message: existing };
          const found = q.unattachedUploads(wanted, message.senderId, message.conversationId);
          if (found.length !== wanted.length) return { kind: "bad_attachments" as const };
          attachments = found.map(toAttachment);
        }
        if (message.replyToId && !q.canReplyTo(message.conversationId, message.replyToId, membership.visibleFromId)) {
          const existing = q.findMessageByClientId(message.senderId, message.clientId);
          return existing ? { kind: "existing" as const, message: existing } : { kind: "bad_reply" as const };
        }
        const stored = q.insertMessage(message, attachments);
        if (stored && wanted.length > 0) q.attachUploads(wanted, stored.id);
        if (stored) {
          const mentionedIds = q.addMentions(stored.id, message.conversationId, message.senderId, message.mentions ?? []);
          const memberIds = membership.kind === "lobby" ? null : q.listMemberIds(message.conversationId).sort((x, y) => x - y);
          const replyHiddenFrom = memberIds && message.replyToId ? q.membersNotSeeing(message.conversationId, message.replyToId) : [];
          return { kind: "stored" as const, message: stored, conversation: { id: membership.id, kind: membership.kind }, memberIds, replyHiddenFrom, mentionedIds };
        }
        return { kind: "existing" as const, message: q.findMessageByClientId(message.senderId, message.clientId) };
      }),
    findMessage: async (conversationId, messageId) => q.findMessage(conversationId, messageId),
    deleteMessage: async ({ conversationId, messageId, actorId, at }) =>
      tx(() => {
        const membership = q.findMembership(conversationId, actorId);
        if (!membership) return { refused: "not_member" as const };
        const message = q.findMessage(conversationId, messageId);
        if (!message || message.id <= membership.visibleFromId || message.kind !== "text") return { refused: "not_found" as const };
        if (message.senderId !== actorId && !(membership.kind === "group" && membership.role === "admin")) {
          return { refused: "not_admin" as const };
        }
        const deleted = q.deleteMessage(conversationId, messageId, at);
        const files = q.removeUploadsOfMessage(messageId);
        return { deleted, message: { ...message, body: "", deleted: true, attachments: [], reactions: [] }, files };
      }),
    editMessage: async ({ conversationId, messageId, actorId, body, at, notBefore }) =>
      tx(() => {
        const membership = q.findMembership(conversationId, actorId);
        if (!membership) return { refused: "not_member" as const };
        const message = q.findMessage(conversationId, messageId);
        if (!message || message.id <= membership.visibleFromId || message.kind !== "text" || message.deleted) return { refused: "not_found" as const };
        if (message.senderId !== actorId) return { refused: "not_sender" as const };
        if (message.createdAt < notBefore) return { refused: "window_over" as const };
        if (message.body === body) return { changed: false, message };
        q.editMessage(conversationId, messageId, message.body, body, at);
        return { changed: true, message: { ...message, body, editedAt: at } };
      }),
    listEdits: async (messageId) => q.listEdits(messageId),
    react: async ({ conversationId, messageId, userId, emoji, on, at }) =>
      tx(() => {
        const membership = q.findMembership(conversationId, userId);
        if (!membership) return { refused: "not_member" as const };
        const message = q.findMessage(conversationId, messageId);
        if (!message || message.id <= membership.visibleFromId || message.kind !== "text" || message.deleted) return { refused: "not_found" as const };
        const next = q.react(conversationId, messageId, userId, emoji, on, at);
        if (next === "full") return { refused: "full" as const };
        return next === null ? { changed: false, message } : { changed: true, message: { ...message, reactions: next } };
      }),
    createUpload: async (upload) =>
      tx(() => (q.findMembership(upload.conversationId, upload.uploaderId) ? q.insertUpload(upload) : undefined)),
    findReadableUpload: async (uploadId, userId) => q.findReadableUpload(uploadId, userId),
    uploadedBytesSince: async (userId, since) => q.uploadedBytesSince(userId, since),
    removeStaleUploads: async (before, limit) => tx(() => q.removeStaleUploads(before, limit)),
    listMessagesBefore: async (conversationId, beforeId, limit, fromId) => q.listMessagesBefore(conversationId, beforeId, limit, fromId),
    listMessagesAfter: async (conversationId, afterId, limit, fromId) => q.listMessagesAfter(conversationId, afterId, limit, fromId),
    listMembersNotSeeing: async (conversationId, messageId) => q.membersNotSeeing(conversationId, messageId),
    advanceReceipt: async (conversationId, userId, deliveredId, readId) => q.advanceReceipt(conversationId, userId, deliveredId, readId),
    countUnread: async (conversationId, userId, afterId) => q.countUnread(conversationId, userId, afterId),

    readChanges: async (userId, after, limit) =>
      // One read transaction: the messages are as of the rows that name them, or newer.
      database.sqlite.transaction(() => {
        const head = q.changeHead();
        const rows = q.listChangesForUser(userId, after, limit);
        return toChangePage(rows, q.listMessagesForReader(userId, messageIdsOf(rows)), head);
      })(),
    changeHead: async () => q.changeHead(),
    creationPosition: async (messageId) => q.creationPosition(messageId),

    ping: async () => {
      database.sqlite.prepare("SELECT 1").get();
    },
    close: async () => database.close(),
  };
}
