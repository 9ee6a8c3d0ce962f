import type { Services } from "../services";
import type { PublicUser } from "../chat/types";

/**
 * Resolves a session's subject to a user that still exists. A valid JWT can outlive its user
 * (a reset database), and nothing downstream should see an id with no row behind it.
 */
export function resolveSessionUser(services: Pick<Services, "queries">, subject: unknown): PublicUser | null {
  if (typeof subject !== "string" || !/^[1-9][0-9]{0,15}$/.test(subject)) return null;
  return services.queries.findUserById(Number(subject)) ?? null;
}
