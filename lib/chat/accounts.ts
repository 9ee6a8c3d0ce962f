import { burnPasswordCheck, hashPassword, verifyPassword } from "../auth/password";
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
): Promise<PublicUser | null> {
  const user = services.queries.findUserByUsername(input.username);
  if (!user) return burnPasswordCheck(input.password).then(() => null);
  return (await verifyPassword(input.password, user.passwordHash)) ? { id: user.id, username: user.username } : null;
}

function usernameTaken() {
  return new ChatError("conflict", "That username is taken", { username: "That username is taken" });
}
