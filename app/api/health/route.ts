import { checkReadiness } from "@/lib/health";
import { publicRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

// Always asked anew: a cached answer would hide an outage from the load balancer.
export const dynamic = "force-dynamic";

/** Readiness for a proxy or orchestrator: 200 when the database (and Redis, if configured) answer. */
export const GET = publicRoute(async () => {
  const { ready, database, redis } = await checkReadiness(getServices());
  if (ready) return Response.json({ status: "ok", database, redis });
  return Response.json({ error: "Not ready", code: "busy", database, redis }, { status: 503, headers: { "retry-after": "5" } });
});
