import { syncMessages } from "@/lib/chat/conversations";
import { parseWith, queryParams, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { syncQuerySchema } from "@/lib/validation";

export const GET = userRoute(async (request, user) => {
  const query = parseWith(syncQuerySchema, queryParams(request));
  return Response.json(await syncMessages(getServices(), user.id, query));
});
