import { registerUser } from "@/lib/chat/accounts";
import { publicRoute, readJson } from "@/lib/http/route";
import { CLIENT_IP_HEADER } from "@/lib/security/client-ip";
import { getServices } from "@/lib/services";
import { registrationSchema } from "@/lib/validation";

export const POST = publicRoute(async (request) => {
  const input = await readJson(request, registrationSchema);
  const user = await registerUser(getServices(), input, request.headers.get(CLIENT_IP_HEADER) ?? "unknown");
  return Response.json({ user }, { status: 201 });
});
