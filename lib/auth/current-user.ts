import { getServices } from "../services";
import type { PublicUser } from "../chat/types";
import { auth } from "./auth";
import { resolveSessionUser } from "./session-user";

/** The signed-in user of this request (pages, actions and route handlers), or null. */
export async function currentUser(): Promise<PublicUser | null> {
  const session = await auth();
  return resolveSessionUser(getServices(), session && { sub: session.user?.id, epoch: session.epoch });
}
