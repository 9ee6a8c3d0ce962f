import { listConversations, openPrivateConversation } from "@/lib/chat/conversations";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { openConversationSchema } from "@/lib/validation";

export const GET = userRoute(async (_request, user) =>
  Response.json({ conversations: await listConversations(getServices(), user.id) }),
);

export const POST = userRoute(async (request, user) => {
  const { userId } = await readJson(request, openConversationSchema);
  const conversation = await openPrivateConversation(getServices(), user.id, userId);
  return Response.json({ conversation: { ...conversation, kind: "private", title: conversation.peer.username } });
});
