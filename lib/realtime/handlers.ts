import type { Socket } from "socket.io";
import { toConversation } from "../chat/audience";
import { requireMembership, requireNotBlocked } from "../chat/conversations";
import { sendMessage } from "../chat/messages";
import { recordReceipt } from "../chat/receipts";
import type { Services } from "../services";
import { receiptSchema, sendMessageSchema, typingSchema } from "../validation";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events";
import { withAck } from "./handler";
import type { TypingTracker } from "./typing";

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Tells a conversation's other members that someone started or stopped typing there. */
export function announceTyping(
  services: Pick<Services, "queries" | "io">,
  conversationId: number,
  user: { id: number; username: string },
  typing: boolean,
): void {
  const conversation = services.queries.findConversation(conversationId);
  if (!conversation) return;
  toConversation(services, conversation, user.id)?.emit("typing", { conversationId, userId: user.id, username: user.username, typing });
}

/** The events a signed-in socket may send. Each validates, checks membership, and calls the domain. */
export function registerChatHandlers(socket: ChatSocket, services: Services, typing: TypingTracker): void {
  const user = socket.data.user;

  socket.on(
    "message:send",
    withAck("message:send", sendMessageSchema, async (input) => {
      const { message } = await sendMessage(services, user, input);
      if (typing.stop(input.conversationId, user.id)) announceTyping(services, input.conversationId, user, false);
      return { message };
    }),
  );

  socket.on(
    "typing",
    withAck("typing", typingSchema, (input) => {
      const membership = requireMembership(services, user.id, input.conversationId);
      if (input.typing) {
        requireNotBlocked(services, user.id, membership);
        // Refreshes come every few seconds (never per keystroke) and are forwarded too: receivers
        // expire the indicator themselves if they stop.
        typing.start(input.conversationId, user.id);
        announceTyping(services, input.conversationId, user, true);
      } else if (typing.stop(input.conversationId, user.id)) {
        announceTyping(services, input.conversationId, user, false);
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
      if (typing.stop(conversationId, user.id)) announceTyping(services, conversationId, user, false);
    }
  });
}
