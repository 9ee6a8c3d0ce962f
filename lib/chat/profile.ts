import type { Services } from "../services";
import type { ProfileInput } from "../validation";
import { ChatError } from "./errors";
import { takeGroupChange } from "./groups";
import { notification } from "./notifications";
import { toProfile } from "./serialize";
import type { Profile, PublicUser } from "./types";

type Deps = Pick<Services, "store">;

/** One's own profile: the username one signs in with and the name others see. */
export async function getProfile(services: Deps, user: PublicUser): Promise<Profile> {
  const profile = await services.store.getProfile(user.id);
  // The session outlived its account (it was deleted by hand): nothing to show.
  if (!profile) throw new ChatError("not_found", "User not found");
  return toProfile(profile);
}

/** Everyone hears of a new name or photo (People lists everyone to everyone). */
export function announceProfile(services: Pick<Services, "notifier">, profile: Profile): void {
  const { id: userId, username, displayName, avatarUrl } = profile;
  services.notifier.publish(notification({ everyone: true }, "user:updated", { userId, username, displayName, avatarUrl }));
}

/**
 * Sets (or, with null, clears) the name others see. Everyone is told, since everyone can see
 * everyone in People: each change reaches every connected tab, so it spends from the same
 * allowance as group changes. Not in the change log: a tab that was away reads the people list
 * again when it reconnects, which carries every name as it is now.
 */
export async function updateProfile(services: Pick<Services, "store" | "rateLimits" | "notifier">, user: PublicUser, input: ProfileInput): Promise<Profile> {
  await takeGroupChange(services, user);
  const stored = await services.store.setDisplayName(user.id, input.displayName);
  if (!stored) throw new ChatError("not_found", "User not found");
  const profile = toProfile(stored);
  announceProfile(services, profile);
  return profile;
}
