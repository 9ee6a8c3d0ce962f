import { renameGroup } from "@/lib/chat/groups";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { renameGroupBodySchema } from "@/lib/validation";

type Context = IdContext<"id">;

/** Renames a group (admins only). */
export const PATCH = userRoute<Context>(async (request, user, context) => {
  const id = await idFromUrl(context, "id");
  const { title } = await readJson(request, renameGroupBodySchema);
  return Response.json({ conversation: await renameGroup(getServices(), user, id, title) });
});
