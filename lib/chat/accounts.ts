import { burnPasswordCheck, hashPassword, verifyPassword } from "../auth/password";
import { admitSignIn } from "../auth/sign-in-guard";
import { checkSolution, issueChallenge } from "../security/registration-challenge";
import { count, giveBack, REGISTER_ALL, take } from "../security/rate-limits";
import type { Services } from "../services";
import type { ChangePasswordInput, Credentials, Registration } from "../validation";
import { ChallengeRequired, ChatError, rateLimited } from "./errors";
import type { PublicUser } from "./types";

/**
 * How long a refused sign-up (rate_limited, busy) waits before it is answered: 0.5-1.5 s. A flood
 * keeping many requests in flight would otherwise get its refusals back at once and send the next
 * ones, keeping the event loop full of refusals that every honest request queues behind at each
 * await; paused, those requests sit on timers. Spread, so they do not all come back together.
 */
const refusalPauseMs = () => 500 + Math.random() * 1000;

/**
 * Creates an account, for the register route and form alike. Each sign-up costs a 32 MiB hash and
 * adds a person to every per-person limit, so they are limited per address (with a proof-of-work
 * challenge past half of it) and for everyone together, and refused (busy) when hashes already queue.
 */
export async function registerUser(
  services: Pick<Services, "store" | "rateLimits" | "config">,
  input: Registration,
  ip: string,
): Promise<PublicUser> {
  try {
    return await createAccount(services, input, ip);
  } catch (error) {
    if (error instanceof ChatError && (error.code === "rate_limited" || error.code === "busy")) {
      await new Promise((resolve) => setTimeout(resolve, refusalPauseMs()));
    }
    throw error;
  }
}

async function createAccount(
  services: Pick<Services, "store" | "rateLimits" | "config">,
  input: Registration,
  ip: string,
): Promise<PublicUser> {
  const { store, rateLimits, config } = services;
  const fromAddress = await count(rateLimits.registerIp, ip);
  if (fromAddress.consumed > config.registerPerAddressPerHour) throw rateLimited(fromAddress.retryAfterMs);
  const giveBackAddress = () => giveBack(rateLimits.registerIp, ip);
  const subject = { ip, username: input.username };
  if (fromAddress.consumed > Math.floor(config.registerPerAddressPerHour / 2)) {
    if (!input.challenge || !checkSolution(config.authSecret, input.challenge, subject)) {
      // Asking costs the address nothing: the point is spent by the attempt that brings the solution.
      await giveBackAddress();
      throw new ChallengeRequired(issueChallenge(config.authSecret, subject));
    }
  }
  // Before the shared limit, so that taken names (no hash) cannot use up everyone's sign-ups.
  if (await store.findUserByUsername(input.username)) throw usernameTaken();
  const everyone = await take(rateLimits.registerAll, REGISTER_ALL);
  if (!everyone.ok) {
    await giveBackAddress();
    throw rateLimited(everyone.retryAfterMs);
  }
  let hash: string;
  try {
    hash = await hashPassword(input.password);
  } catch (error) {
    // Refused for busy: nothing was created, so the attempt is not counted against anyone.
    await Promise.all([giveBackAddress(), giveBack(rateLimits.registerAll, REGISTER_ALL)]);
    throw error;
  }
  // The unique index decides races between two sign-ups for one name.
  const user = await store.createUser(input.username, hash, Date.now());
  if (!user) throw usernameTaken();
  return user;
}

/** The user when the password matches; null otherwise, after the same amount of work either way. */
export async function verifyCredentials(
  services: Pick<Services, "store">,
  input: Credentials,
): Promise<(PublicUser & { sessionEpoch: number }) | null> {
  const user = await services.store.findUserByUsername(input.username);
  if (!user) return burnPasswordCheck(input.password).then(() => null);
  if (!(await verifyPassword(input.password, user.passwordHash))) return null;
  return { id: user.id, username: user.username, sessionEpoch: user.sessionEpoch };
}

/**
 * Signs the user out everywhere: every session issued so far stops being accepted, and their open
 * sockets on every instance are disconnected now.
 */
export async function endAllSessions(services: Pick<Services, "store" | "notifier">, userId: number): Promise<void> {
  await services.store.endSessions(userId);
  services.notifier.publish([{ op: "disconnect", userId }]);
}

/**
 * A new password, for the settings form and `POST /api/me/password` alike. The current password is
 * checked under the sign-in guard (a stolen session cannot guess it faster than a sign-in could),
 * then the new hash and a new session epoch are stored together: every other device is signed out
 * and its sockets closed. The caller signs in again to keep this device's session.
 */
export async function changePassword(
  services: Pick<Services, "store" | "notifier" | "rateLimits">,
  user: PublicUser,
  input: ChangePasswordInput,
  ip: string,
): Promise<void> {
  const admission = await admitSignIn(services.rateLimits, user.username, ip);
  if (!admission.ok) throw rateLimited(admission.retryAfterMs);
  const { attempt } = admission;
  try {
    const stored = await services.store.findUserByUsername(user.username);
    if (!stored || stored.id !== user.id) {
      await attempt.abandoned();
      throw new ChatError("unauthorized", "Sign in again");
    }
    if (!(await verifyPassword(input.currentPassword, stored.passwordHash))) {
      await attempt.failed();
      throw new ChatError("invalid", "That is not your current password", { currentPassword: "That is not your current password" });
    }
  } catch (error) {
    if (error instanceof ChatError) throw error;
    // Not checked after all (the hash threads were busy): the attempt costs nothing.
    await attempt.abandoned();
    throw error;
  }
  await attempt.succeeded();
  const hash = await hashPassword(input.newPassword);
  if ((await services.store.changePassword(user.id, hash)) === null) throw new ChatError("unauthorized", "Sign in again");
  services.notifier.publish([{ op: "disconnect", userId: user.id }]);
}

function usernameTaken(): ChatError {
  return new ChatError("conflict", "That username is taken", { username: "That username is taken" });
}
