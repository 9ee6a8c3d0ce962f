import { createGroup } from "@/lib/chat/groups";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { createGroupSchema } from "@/lib/validation";

/** Creates a group; the caller is its admin. */
export const POST = userRoute(async (request, user) => {
  const input = await readJson(request, createGroupSchema);
  return Response.json({ conversation: await createGroup(getServices(), user, input) }, { status: 201 });
});
