import { getSettings, updateSettings } from "@/lib/chat/settings";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { settingsSchema } from "@/lib/validation";

/** The caller's own settings. */
export const GET = userRoute(async (_request, user) => Response.json(await getSettings(getServices(), user)));

/** Replaces the caller's settings; answers with them as stored. */
export const PUT = userRoute(async (request, user) => {
  const input = await readJson(request, settingsSchema);
  return Response.json(await updateSettings(getServices(), user, input));
});
