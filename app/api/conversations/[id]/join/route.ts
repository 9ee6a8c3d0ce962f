import { joinConversation } from "@/lib/chat/conversations";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

/** Joins the lobby (the one conversation anyone may join); for one I am in already, nothing changes. */
export const POST = userRoute<IdContext<"id">>(async (_request, user, context) => {
  const id = await idFromUrl(context, "id");
  return Response.json({ conversation: await joinConversation(getServices(), user, id) });
});
