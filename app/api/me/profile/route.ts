import { getProfile, updateProfile } from "@/lib/chat/profile";
import { readJson, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { profileSchema } from "@/lib/validation";

/** The caller's profile: `{id, username, displayName}`. */
export const GET = userRoute(async (_request, user) => Response.json(await getProfile(getServices(), user)));

/** Sets the name others see (blank clears it); answers with the profile as stored. */
export const PUT = userRoute(async (request, user) => {
  const input = await readJson(request, profileSchema);
  return Response.json(await updateProfile(getServices(), user, input));
});
