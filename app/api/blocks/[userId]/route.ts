import { unblockUser } from "@/lib/chat/moderation";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

type Context = IdContext<"userId">;

export const DELETE = userRoute<Context>(async (_request, user, context) => {
  const userId = await idFromUrl(context, "userId");
  await unblockUser(getServices(), user, userId);
  return Response.json({ ok: true });
});
