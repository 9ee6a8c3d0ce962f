import { burnPasswordCheck, hashPassword, verifyPassword } from "../auth/password";
import { userRoom } from "../realtime/events";
import type { Services } from "../services";
import type { Credentials } from "../validation";
import { ChatError } from "./errors";
import type { PublicUser } from "./types";

export async function registerUser(services: Pick<Services, "queries">, input: Credentials): Promise<PublicUser> {
  const { queries } = services;
  if (queries.findUserByUsername(input.username)) throw usernameTaken();
  const hash = await hashPassword(input.password);
  // The unique index decides races between two sign-ups for one name.
  const user = queries.insertUser(input.username, hash, Date.now());
  if (!user) throw usernameTaken();
  return user;
}

/** The user when the password matches; null otherwise, after the same amount of work either way. */
export async function verifyCredentials(
  services: Pick<Services, "queries">,
  input: Credentials,
): Promise<(PublicUser & { sessionEpoch: number }) | null> {
  const user = services.queries.findUserByUsername(input.username);
  if (!user) return burnPasswordCheck(input.password).then(() => null);
  if (!(await verifyPassword(input.password, user.passwordHash))) return null;
  return { id: user.id, username: user.username, sessionEpoch: user.sessionEpoch };
}

/**
 * Signs the user out everywhere: every session issued so far stops being accepted, and their open
 * sockets on every instance are disconnected now.
 */
export function endAllSessions(services: Pick<Services, "queries" | "io">, userId: number): void {
  services.queries.endSessions(userId);
  services.io?.in(userRoom(userId)).disconnectSockets(true);
}

function usernameTaken() {
  return new ChatError("conflict", "That username is taken", { username: "That username is taken" });
}
