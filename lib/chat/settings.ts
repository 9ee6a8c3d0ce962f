import type { Services } from "../services";
import type { Settings } from "../validation";
import type { PublicUser } from "./types";

type Deps = Pick<Services, "store">;

/** The signed-in person's own settings. */
export async function getSettings(services: Deps, user: PublicUser): Promise<Settings> {
  return { groupInvites: await services.store.getGroupInvites(user.id) };
}

export async function updateSettings(services: Deps, user: PublicUser, input: Settings): Promise<Settings> {
  await services.store.setGroupInvites(user.id, input.groupInvites);
  return getSettings(services, user);
}
