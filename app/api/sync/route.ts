import { syncChanges } from "@/lib/chat/sync";
import { parseWith, queryParams, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { syncQuerySchema } from "@/lib/validation";

export const GET = userRoute(async (request, user) => {
  const query = parseWith(syncQuerySchema, queryParams(request));
  return Response.json(await syncChanges(getServices(), user.id, query));
});
