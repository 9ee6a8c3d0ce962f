import type { Socket } from "socket.io";
import type { ConversationRecord } from "../../db/store";
import { othersWatching } from "../chat/audience";
import { notification } from "../chat/notifications";
import { requireMembership, requireNotBlocked } from "../chat/conversations";
import { addMembers, createGroup, removeMember, renameGroup } from "../chat/groups";
import { deleteMessage, editMessage, reactToMessage, sendMessage } from "../chat/messages";
import { blockUser, setMuted, unblockUser } from "../chat/moderation";
import { recordReceipt } from "../chat/receipts";
import type { Services } from "../services";
import {
  addMembersSchema,
  blockSchema,
  createGroupSchema,
  deleteMessageSchema,
  editMessageSchema,
  reactSchema,
  muteSchema,
  receiptSchema,
  removeMemberSchema,
  renameGroupSchema,
  sendMessageSchema,
  typingSchema,
  viewConversationSchema,
} from "../validation";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events";
import { withAck } from "./handler";
import type { TypingTracker } from "./typing";
import { setViewing } from "./viewing";

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Tells a conversation's other members that someone started or stopped typing there: not those on
 * either side of a block with them, and in the lobby only those who have it open.
 */
export async function announceTyping(
  services: Pick<Services, "store" | "notifier">,
  conversation: Pick<ConversationRecord, "id" | "kind"> | number,
  user: { id: number; username: string },
  typing: boolean,
): Promise<void> {
  // Handlers that just checked membership pass the conversation; the rest name it by id.
  const target = typeof conversation === "number" ? await services.store.findConversation(conversation) : conversation;
  if (!target) return;
  const to = await othersWatching(services, target, user.id);
  services.notifier.publish(notification(to, "typing", { conversationId: target.id, userId: user.id, username: user.username, typing }));
}

const logTypingFailure = (error: unknown) => console.error("[realtime] announcing typing failed", error);

/** The events a signed-in socket may send. Each validates, checks membership, and calls the domain. */
export function registerChatHandlers(socket: ChatSocket, services: Services, typing: TypingTracker): void {
  const user = socket.data.user;

  socket.on(
    "message:send",
    withAck(services.drain, "message:send", sendMessageSchema, async (input) => {
      const { message } = await sendMessage(services, user, input);
      if (typing.sent(input.conversationId, user.id)) await announceTyping(services, input.conversationId, user, false);
      return { message };
    }),
  );

  socket.on(
    "typing",
    withAck(services.drain, "typing", typingSchema, async (input) => {
      const membership = await requireMembership(services, user.id, input.conversationId);
      if (input.typing) {
        await requireNotBlocked(services, user.id, membership);
        // Refreshes come every few seconds (never per keystroke) and are forwarded too: receivers
        // expire the indicator themselves if they stop. Anything faster is dropped without a word:
        // an honest client never sends it, and telling a flooder changes nothing.
        if (typing.start(input.conversationId, user.id) !== "dropped") await announceTyping(services, membership, user, true);
      } else if (typing.stop(input.conversationId, user.id)) {
        await announceTyping(services, membership, user, false);
      }
      return {};
    }),
  );

  socket.on(
    "conversation:open",
    withAck(services.drain, "conversation:open", viewConversationSchema, async (input) => {
      await setViewing(socket, services, input.conversationId);
      return {};
    }),
  );

  socket.on(
    "receipt:delivered",
    withAck(services.drain, "receipt:delivered", receiptSchema, async (input) => ({ receipt: await recordReceipt(services, user, "delivered", input) })),
  );
  socket.on(
    "receipt:read",
    withAck(services.drain, "receipt:read", receiptSchema, async (input) => ({ receipt: await recordReceipt(services, user, "read", input) })),
  );

  socket.on("group:create", withAck(services.drain, "group:create", createGroupSchema, async (input) => ({ conversation: await createGroup(services, user, input) })));
  socket.on(
    "group:rename",
    withAck(services.drain, "group:rename", renameGroupSchema, async (input) => ({ conversation: await renameGroup(services, user, input.conversationId, input.title) })),
  );
  socket.on(
    "group:add",
    withAck(services.drain, "group:add", addMembersSchema, async (input) => ({ added: await addMembers(services, user, input.conversationId, input.userIds) })),
  );
  socket.on(
    "group:remove",
    withAck(services.drain, "group:remove", removeMemberSchema, async (input) => {
      await removeMember(services, user, input.conversationId, input.userId);
      return {};
    }),
  );
  socket.on(
    "message:delete",
    withAck(services.drain, "message:delete", deleteMessageSchema, async (input) => ({
      message: await deleteMessage(services, user, input.conversationId, input.messageId),
    })),
  );
  socket.on(
    "message:edit",
    withAck(services.drain, "message:edit", editMessageSchema, async (input) => ({ message: await editMessage(services, user, input) })),
  );
  socket.on(
    "message:react",
    withAck(services.drain, "message:react", reactSchema, async (input) => ({ message: await reactToMessage(services, user, input) })),
  );
  socket.on(
    "conversation:mute",
    withAck(services.drain, "conversation:mute", muteSchema, async (input) => ({ muted: await setMuted(services, user, input.conversationId, input.muted) })),
  );
  socket.on(
    "user:block",
    withAck(services.drain, "user:block", blockSchema, async (input) => {
      await blockUser(services, user, input.userId);
      return { blocked: input.userId };
    }),
  );
  socket.on(
    "user:unblock",
    withAck(services.drain, "user:unblock", blockSchema, async (input) => {
      await unblockUser(services, user, input.userId);
      return {};
    }),
  );

  socket.on("disconnect", () => {
    // Leaving stops typing everywhere; another tab still typing re-announces on its next refresh.
    for (const conversationId of typing.conversationsOf(user.id)) {
      if (typing.stop(conversationId, user.id)) void announceTyping(services, conversationId, user, false).catch(logTypingFailure);
    }
  });
}
