import { blockUser, listBlocked } from "@/lib/chat/moderation";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { blockSchema } from "@/lib/validation";

export const GET = userRoute(async (_request, user) => Response.json({ userIds: await listBlocked(getServices(), user) }));

export const POST = userRoute(async (request, user) => {
  const { userId } = await readJson(request, blockSchema);
  const created = await blockUser(getServices(), user, userId);
  return Response.json({ blocked: userId }, { status: created ? 201 : 200 });
});
