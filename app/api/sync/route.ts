import { syncMessages } from "@/lib/chat/conversations";
import { parseWith, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { syncQuerySchema } from "@/lib/validation";

export const GET = userRoute(async (request, user) => {
  const query = parseWith(syncQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(syncMessages(getServices(), user.id, query));
});
