import { randomBytes } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import { hostname } from "node:os";
import { openDatabase } from "../db/client";
import { openPostgres } from "../db/pg/open";
import { createPostgresStore } from "../db/pg/store";
import { createSqliteStore } from "../db/sqlite/store";
import type { Store } from "../db/store";
import { configureHashPool } from "./auth/hash-pool";
import { getConfig, type AppConfig } from "./config";
import { Drain } from "./drain";
import { createS3Storage } from "./files/s3-storage";
import { createDiskStorage } from "./files/storage";
import { sweepStaleUploads } from "./files/uploads";
import { createSocketFanout } from "./realtime/fanout";
import { PresenceTracker } from "./realtime/presence";
import { connectRedis } from "./realtime/redis";
import { attachRealtime, createSocketServer } from "./realtime/server";
import { SharedPresence } from "./realtime/shared-presence";
import { createRateLimits } from "./security/rate-limits";
import { installServices, uninstallServices, type ChatServer, type Services } from "./services";

/** The running app: its services, its Socket.IO server, and how to stop it. */
export interface App {
  readonly services: Services;
  readonly io: ChatServer;
  /**
   * Stops in order: refuses new work and waits (up to `graceMs`) for what is in flight, then closes
   * every socket and the HTTP server, presence, Redis and the store. False if the wait ran out.
   */
  close(graceMs: number): Promise<boolean>;
}

/** SQLite under DATA_DIR by default; PostgreSQL (connected and migrated) when DATABASE_URL is set. */
async function openStore(config: AppConfig): Promise<Store> {
  if (config.databaseUrl) return createPostgresStore(await openPostgres(config.databaseUrl, { poolSize: config.databasePoolSize }));
  return createSqliteStore(openDatabase(config.databaseFile));
}

/**
 * The composition root: builds the configuration, the store, the limiter, the notifier and
 * Socket.IO, in that order, each from the ones before, and freezes what it hands out. Everything
 * is decided here (Redis or not, PostgreSQL or not); nothing is swapped afterwards. Route handlers
 * reach the result through getServices().
 */
export async function composeApp(httpServer: HttpServer): Promise<App> {
  const config = getConfig();
  const store = await openStore(config);
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : null;
  const rateLimits = createRateLimits(config, redis?.pub ?? null);
  configureHashPool(config.hashQueueLimit);
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const shared = redis ? new SharedPresence(redis.pub, instanceId, (id) => store.findUserById(id)) : null;
  const io = createSocketServer(redis);
  const services: Services = Object.freeze({
    config,
    store,
    presence: shared ?? new PresenceTracker(),
    rateLimits,
    notifier: createSocketFanout(io),
    redisPing: redis ? () => redis.pub.ping() : null,
    drain: new Drain(),
    files: config.s3 ? createS3Storage(config.s3) : createDiskStorage(config.uploadsDir),
  });
  installServices(services);
  attachRealtime(io, httpServer, services, { redis, shared });
  // Uploads never sent are removed after a day; looked for every hour, first a minute after start.
  const sweep = () => void sweepStaleUploads(services).catch((error: unknown) => console.warn("[files] sweep failed", error));
  const firstSweep = setTimeout(sweep, 60_000).unref();
  const sweeps = setInterval(sweep, 60 * 60_000).unref();

  let closing: Promise<boolean> | undefined;
  const close = async (graceMs: number): Promise<boolean> => {
    clearTimeout(firstSweep);
    clearInterval(sweeps);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const drained = await Promise.race([
      services.drain.stop().then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    // One turn of the event loop, so the last answers are written before their sockets close.
    await new Promise((resolve) => setImmediate(resolve));
    // Disconnects every socket and closes the HTTP server.
    await new Promise<void>((resolve) => void io.close(() => resolve()));
    await services.presence.close();
    await redis?.close();
    await store.close();
    uninstallServices();
    return drained;
  };
  return Object.freeze({ services, io, close: (graceMs: number) => (closing ??= close(graceMs)) });
}
