import type { Server } from "socket.io";
import { silentNotifier, type Notifier } from "./chat/notifications";
import { openDatabase } from "../db/client";
import { createSqliteStore } from "../db/sqlite/store";
import type { Store } from "../db/store";
import { configureHashPool } from "./auth/hash-pool";
import { getConfig, type AppConfig } from "./config";
import { createRateLimits, type RateLimits } from "./security/rate-limits";
import { PresenceTracker, type Presence } from "./realtime/presence";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./realtime/events";

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** What domain functions need; one instance per process. */
export interface Services {
  readonly config: AppConfig;
  /** All storage, as whole transactions (db/store.ts). */
  readonly store: Store;
  /** Per instance by default; createRealtimeServer swaps in Redis-shared presence when configured. */
  presence: Presence;
  /** In memory by default; createRealtimeServer moves them to Redis when configured. */
  rateLimits: RateLimits;
  /** Set by createRealtimeServer; null where no socket server runs. Domain code never uses it. */
  io: ChatServer | null;
  /** Where domain functions hand what happened after it committed; Socket.IO's fan-out when it runs. */
  notifier: Notifier;
}

const SERVICES_KEY = Symbol.for("chat.services");
type ServicesGlobal = { [SERVICES_KEY]?: Services };

/**
 * server.ts and Next's route bundles are different module graphs in one process; keeping the
 * instance on globalThis gives both the same database handle and Socket.IO server.
 */
export function getServices(): Services {
  const g = globalThis as ServicesGlobal;
  if (!g[SERVICES_KEY]) {
    const config = getConfig();
    configureHashPool(config.hashQueueLimit);
    g[SERVICES_KEY] = {
      config,
      store: createSqliteStore(openDatabase(config.databaseFile)),
      presence: new PresenceTracker(),
      rateLimits: createRateLimits(config),
      io: null,
      notifier: silentNotifier,
    };
  }
  return g[SERVICES_KEY];
}

export async function closeServices(): Promise<void> {
  const g = globalThis as ServicesGlobal;
  const services = g[SERVICES_KEY];
  delete g[SERVICES_KEY];
  await services?.store.close();
}
