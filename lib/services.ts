import type { Server } from "socket.io";
import { silentNotifier, type Notifier } from "./chat/notifications";
import { openDatabase } from "../db/client";
import { openPostgres } from "../db/pg/open";
import { createPostgresStore } from "../db/pg/store";
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
  /** Set by createRealtimeServer when REDIS_URL is configured: answers when Redis does (readiness). */
  redisPing: (() => Promise<unknown>) | null;
}

const SERVICES_KEY = Symbol.for("chat.services");
const INIT_KEY = Symbol.for("chat.services.init");
type ServicesGlobal = { [SERVICES_KEY]?: Services; [INIT_KEY]?: Promise<Services> };

function compose(config: AppConfig, store: Store): Services {
  configureHashPool(config.hashQueueLimit);
  return {
    config,
    store,
    presence: new PresenceTracker(),
    rateLimits: createRateLimits(config),
    io: null,
    notifier: silentNotifier,
    redisPing: null,
  };
}

/**
 * Opens the store (PostgreSQL when DATABASE_URL is set: connecting and migrating are async) and
 * composes the services once. server.ts awaits it before anything else; calling it again returns
 * the same instance.
 */
export function initServices(): Promise<Services> {
  const g = globalThis as ServicesGlobal;
  g[INIT_KEY] ??= (async () => {
    const config = getConfig();
    const store = config.databaseUrl
      ? createPostgresStore(await openPostgres(config.databaseUrl, { poolSize: config.databasePoolSize }))
      : createSqliteStore(openDatabase(config.databaseFile));
    g[SERVICES_KEY] = compose(config, store);
    return g[SERVICES_KEY];
  })();
  return g[INIT_KEY];
}

/**
 * server.ts and Next's route bundles are different module graphs in one process; keeping the
 * instance on globalThis gives both the same database handle and Socket.IO server. In the server
 * it is the one initServices() made. Elsewhere (a script, a tool) SQLite is opened on first use,
 * since it opens synchronously; PostgreSQL cannot be, so that needs initServices() first.
 */
export function getServices(): Services {
  const g = globalThis as ServicesGlobal;
  const ready = g[SERVICES_KEY];
  if (ready) return ready;
  if (g[INIT_KEY]) throw new Error("getServices() was called before initServices() finished: await initServices() first");
  const config = getConfig();
  if (config.databaseUrl) throw new Error("DATABASE_URL is set: PostgreSQL opens asynchronously, so await initServices() before getServices()");
  g[SERVICES_KEY] = compose(config, createSqliteStore(openDatabase(config.databaseFile)));
  return g[SERVICES_KEY];
}

export async function closeServices(): Promise<void> {
  const g = globalThis as ServicesGlobal;
  const services = g[SERVICES_KEY];
  delete g[SERVICES_KEY];
  delete g[INIT_KEY];
  await services?.store.close();
}
