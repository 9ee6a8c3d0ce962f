import { getHistory } from "@/lib/chat/conversations";
import { conversationNotFound } from "@/lib/chat/errors";
import { sendMessage } from "@/lib/chat/messages";
import { parseWith, queryParams, readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { historyQuerySchema, idParamSchema, postMessageSchema } from "@/lib/validation";

type Context = { params: Promise<{ id: string }> };

async function conversationId(context: Context): Promise<number> {
  const parsed = idParamSchema.safeParse((await context.params).id);
  if (!parsed.success) throw conversationNotFound();
  return parsed.data;
}

export const GET = userRoute<Context>(async (request, user, context) => {
  const id = await conversationId(context);
  const query = parseWith(historyQuerySchema, queryParams(request));
  return Response.json(getHistory(getServices(), user.id, id, query));
});

export const POST = userRoute<Context>(async (request, user, context) => {
  const id = await conversationId(context);
  const input = await readJson(request, postMessageSchema);
  const { message, created } = await sendMessage(getServices(), user, { ...input, conversationId: id });
  return Response.json({ message }, { status: created ? 201 : 200 });
});
