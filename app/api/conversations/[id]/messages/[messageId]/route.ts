import { deleteMessage } from "@/lib/chat/messages";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

type Context = IdContext<"id" | "messageId">;

/** Deletes a message for everyone (group admins: any message; everyone: their own). */
export const DELETE = userRoute<Context>(async (_request, user, context) => {
  const id = await idFromUrl(context, "id");
  const messageId = await idFromUrl(context, "messageId");
  return Response.json({ message: await deleteMessage(getServices(), user, id, messageId) });
});
