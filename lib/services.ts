import type { Server } from "socket.io";
import type { Notifier } from "./chat/notifications";
import type { Store } from "../db/store";
import type { AppConfig } from "./config";
import type { Drain } from "./drain";
import type { FileStorage } from "./files/storage";
import type { RateLimits } from "./security/rate-limits";
import type { Presence } from "./realtime/presence";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./realtime/events";

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * What domain functions need, built once per process by composeApp (lib/compose.ts) and frozen:
 * nothing in it is swapped afterwards. This module holds types and the handle only, so route
 * bundles that reach the services load none of the libraries behind them a second time.
 */
export interface Services {
  readonly config: AppConfig;
  /** All storage, as whole transactions (db/store.ts). */
  readonly store: Store;
  /** Who is online: this instance's sockets, or every live instance's through Redis. */
  readonly presence: Presence;
  /** In memory, or in Redis when configured (shared by every instance). */
  readonly rateLimits: RateLimits;
  /** Where domain functions hand what happened after it committed: Socket.IO's fan-out. */
  readonly notifier: Notifier;
  /** Answers when Redis does (readiness); null without REDIS_URL. */
  readonly redisPing: (() => Promise<unknown>) | null;
  /** This instance's in-flight work, waited for on SIGTERM. */
  readonly drain: Drain;
  /** Uploaded files' bytes (lib/files/storage.ts). */
  readonly files: FileStorage;
}

const SERVICES_KEY = Symbol.for("chat.services");
type ServicesGlobal = { [SERVICES_KEY]?: Services };

/** Makes the composed services the process's (composeApp calls it, once). */
export function installServices(services: Services): void {
  const g = globalThis as ServicesGlobal;
  if (g[SERVICES_KEY]) throw new Error("services are already composed in this process");
  g[SERVICES_KEY] = services;
}

/** Forgets them (after closing, so that a test process may compose again). */
export function uninstallServices(): void {
  delete (globalThis as ServicesGlobal)[SERVICES_KEY];
}

/**
 * server.ts and Next's route bundles are different module graphs in one process; the handle on
 * globalThis gives both the one set of services composeApp built before the server listened.
 */
export function getServices(): Services {
  const services = (globalThis as ServicesGlobal)[SERVICES_KEY];
  if (!services) throw new Error("no services: the app is composed by server.ts (composeApp) before it serves anything");
  return services;
}
