import type { Services } from "../services";
import type { Settings } from "../validation";
import type { PublicUser } from "./types";

type Deps = Pick<Services, "queries">;

/** The signed-in person's own settings. */
export function getSettings(services: Deps, user: PublicUser): Settings {
  return { groupInvites: services.queries.getGroupInvites(user.id) };
}

export function updateSettings(services: Deps, user: PublicUser, input: Settings): Settings {
  services.queries.setGroupInvites(user.id, input.groupInvites);
  return getSettings(services, user);
}
