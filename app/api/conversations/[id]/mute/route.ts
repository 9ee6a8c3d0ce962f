import { setMuted } from "@/lib/chat/moderation";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { muteBodySchema } from "@/lib/validation";

type Context = IdContext<"id">;

/** Mutes or unmutes a conversation for the caller. */
export const PUT = userRoute<Context>(async (request, user, context) => {
  const id = await idFromUrl(context, "id");
  const { muted } = await readJson(request, muteBodySchema);
  return Response.json({ muted: await setMuted(getServices(), user, id, muted) });
});
