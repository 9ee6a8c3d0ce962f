import { addMembers } from "@/lib/chat/groups";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { addMembersBodySchema } from "@/lib/validation";

type Context = IdContext<"id">;

/** Adds people to a group (admins only); answers with those who were not members yet. */
export const POST = userRoute<Context>(async (request, user, context) => {
  const id = await idFromUrl(context, "id");
  const { userIds } = await readJson(request, addMembersBodySchema);
  return Response.json({ added: await addMembers(getServices(), user, id, userIds) });
});
