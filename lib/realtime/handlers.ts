import type { Socket } from "socket.io";
import { requireMembership } from "../chat/conversations";
import { sendMessage } from "../chat/messages";
import { recordReceipt } from "../chat/receipts";
import type { Services } from "../services";
import { receiptSchema, sendMessageSchema, typingSchema } from "../validation";
import { userRoom, type ClientToServerEvents, type InterServerEvents, type ServerToClientEvents, type SocketData } from "./events";
import { withAck } from "./handler";
import type { TypingTracker } from "./typing";

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The events a signed-in socket may send. Each validates, checks membership, and calls the domain. */
export function registerChatHandlers(socket: ChatSocket, services: Services, typing: TypingTracker): void {
  const user = socket.data.user;

  const announceTyping = (conversationId: number, members: number[], isTyping: boolean) => {
    const others = members.filter((id) => id !== user.id).map(userRoom);
    if (others.length) {
      socket.to(others).emit("typing", { conversationId, userId: user.id, username: user.username, typing: isTyping });
    }
  };

  socket.on(
    "message:send",
    withAck("message:send", sendMessageSchema, async (input) => {
      const { message } = await sendMessage(services, user, input);
      if (typing.stop(input.conversationId, user.id)) {
        announceTyping(input.conversationId, services.queries.listMemberIds(input.conversationId), false);
      }
      return { message };
    }),
  );

  socket.on(
    "typing",
    withAck("typing", typingSchema, (input) => {
      const members = requireMembership(services, user.id, input.conversationId);
      if (input.typing) {
        typing.start(input.conversationId, user.id);
        // Refreshes are forwarded too: receivers expire the indicator themselves if they stop.
        announceTyping(input.conversationId, members, true);
      } else if (typing.stop(input.conversationId, user.id)) {
        announceTyping(input.conversationId, members, false);
      }
      return {};
    }),
  );

  socket.on(
    "receipt:delivered",
    withAck("receipt:delivered", receiptSchema, (input) => ({ receipt: recordReceipt(services, user, "delivered", input) })),
  );
  socket.on(
    "receipt:read",
    withAck("receipt:read", receiptSchema, (input) => ({ receipt: recordReceipt(services, user, "read", input) })),
  );

  socket.on("disconnect", () => {
    // Leaving stops typing everywhere; another tab still typing re-announces on its next refresh.
    for (const conversationId of typing.conversationsOf(user.id)) {
      if (typing.stop(conversationId, user.id)) {
        announceTyping(conversationId, services.queries.listMemberIds(conversationId), false);
      }
    }
  });
}
