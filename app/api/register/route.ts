import { registerUser } from "@/lib/chat/accounts";
import { publicRoute, readJson } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { credentialsSchema } from "@/lib/validation";

export const POST = publicRoute(async (request) => {
  const input = await readJson(request, credentialsSchema);
  const user = await registerUser(getServices(), input);
  return Response.json({ user }, { status: 201 });
});
