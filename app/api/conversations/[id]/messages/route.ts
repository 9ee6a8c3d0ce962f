import { getHistory } from "@/lib/chat/conversations";
import { sendMessage } from "@/lib/chat/messages";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { parseWith, queryParams, readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { historyQuerySchema, postMessageSchema } from "@/lib/validation";

type Context = IdContext<"id">;

export const GET = userRoute<Context>(async (request, user, context) => {
  const id = await idFromUrl(context, "id");
  const query = parseWith(historyQuerySchema, queryParams(request));
  return Response.json(await getHistory(getServices(), user, id, query));
});

export const POST = userRoute<Context>(async (request, user, context) => {
  const id = await idFromUrl(context, "id");
  const input = await readJson(request, postMessageSchema);
  const { message, created } = await sendMessage(getServices(), user, { ...input, conversationId: id });
  return Response.json({ message }, { status: created ? 201 : 200 });
});
