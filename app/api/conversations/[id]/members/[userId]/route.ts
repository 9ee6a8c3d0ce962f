import { removeMember } from "@/lib/chat/groups";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

type Context = IdContext<"id" | "userId">;

/** Removes a member (admins only), or leaves the group when it names the caller. */
export const DELETE = userRoute<Context>(async (_request, user, context) => {
  const id = await idFromUrl(context, "id");
  const userId = await idFromUrl(context, "userId");
  await removeMember(getServices(), user, id, userId);
  return Response.json({ ok: true });
});
