import type { Services } from "../services";
import type { PublicUser } from "../chat/types";

/** The claims of a session token that identify its user. */
export interface SessionClaims {
  sub?: unknown;
  epoch?: unknown;
}

/**
 * Resolves a session to a user that still exists and has not signed out since it was issued.
 * A valid JWT can outlive its user (a reset database) or its sign-out (a copied cookie).
 */
export async function resolveSessionUser(services: Pick<Services, "store">, claims: SessionClaims | null | undefined): Promise<PublicUser | null> {
  const subject = claims?.sub;
  if (typeof subject !== "string" || !/^[1-9][0-9]{0,15}$/.test(subject)) return null;
  const user = await services.store.findSessionUser(Number(subject));
  if (!user || user.sessionEpoch !== (typeof claims?.epoch === "number" ? claims.epoch : 0)) return null;
  return { id: user.id, username: user.username };
}
