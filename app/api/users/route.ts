import { listPeople } from "@/lib/chat/conversations";
import { userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

export const GET = userRoute(async (_request, user) => Response.json({ users: await listPeople(getServices(), user.id) }));
