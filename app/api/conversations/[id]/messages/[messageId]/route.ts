import { deleteMessage, editMessage } from "@/lib/chat/messages";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { editMessageBodySchema } from "@/lib/validation";

type Context = IdContext<"id" | "messageId">;

/** Deletes a message for everyone (group admins: any message; everyone: their own). */
export const DELETE = userRoute<Context>(async (_request, user, context) => {
  const id = await idFromUrl(context, "id");
  const messageId = await idFromUrl(context, "messageId");
  return Response.json({ message: await deleteMessage(getServices(), user, id, messageId) });
});

/** Corrects one's own text message (body `{body}`), as the socket's message:edit does. */
export const PATCH = userRoute<Context>(async (request, user, context) => {
  const conversationId = await idFromUrl(context, "id");
  const messageId = await idFromUrl(context, "messageId");
  const { body } = await readJson(request, editMessageBodySchema);
  return Response.json({ message: await editMessage(getServices(), user, { conversationId, messageId, body }) });
});
