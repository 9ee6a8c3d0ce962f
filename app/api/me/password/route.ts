import { changePassword } from "@/lib/chat/accounts";
import { readJson, userRoute } from "@/lib/http/route";
import { CLIENT_IP_HEADER } from "@/lib/security/client-ip";
import { getServices } from "@/lib/services";
import { changePasswordSchema } from "@/lib/validation";

/** A new password; every session, this one included, ends (sign in again with the new password). */
export const POST = userRoute(async (request, user) => {
  const input = await readJson(request, changePasswordSchema);
  await changePassword(getServices(), user, input, request.headers.get(CLIENT_IP_HEADER) ?? "unknown");
  return new Response(null, { status: 204 });
});
