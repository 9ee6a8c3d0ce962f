import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import type { S3Options } from "./files/s3-storage";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_FILE: z.string().min(1).optional(),
  // PostgreSQL instead of the SQLite file in DATA_DIR.
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgres:// or postgresql:// URL" }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  // Only behind proxies that append to X-Forwarded-For: otherwise anyone could pick their own IP.
  // The number of such proxies in front of us; true/false read as 1/0.
  TRUST_PROXY: z
    .string()
    .regex(/^([0-9]|true|false)$/, "TRUST_PROXY must be 0-9 (trusted proxy hops), true or false")
    .default("0"),
  SEND_BURST: z.coerce.number().int().min(1).max(100_000).default(10),
  SEND_RATE_PER_SEC: z.coerce.number().int().min(1).max(100_000).default(3),
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(20),
  SOCKET_EVENTS_PER_SEC: z.coerce.number().int().min(1).max(100_000).default(30),
  SOCKET_EVENT_BURST: z.coerce.number().int().min(1).max(100_000).default(60),
  GROUP_CHANGE_BURST: z.coerce.number().int().min(1).max(100_000).default(10),
  GROUP_CHANGES_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(20),
  REGISTER_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  REGISTER_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  HASH_QUEUE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(16),
  // Files: the largest one accepted, and what one person may upload in 24 hours, in MB.
  MAX_UPLOAD_MB: z.coerce.number().positive().max(10_000).default(25),
  UPLOAD_MB_PER_DAY: z.coerce.number().positive().max(1_000_000).default(500),
  // Files in an S3-compatible bucket instead of DATA_DIR/uploads (several hosts share them).
  S3_BUCKET: z.string().min(1).optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
});

export interface AppConfig {
  readonly env: "development" | "production" | "test";
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseFile: string;
  /** PostgreSQL to store everything in; null keeps the SQLite file `databaseFile`. */
  readonly databaseUrl: string | null;
  /** Connections this instance may hold to PostgreSQL at once. */
  readonly databasePoolSize: number;
  readonly authSecret: string;
  /** Origin the app is served from publicly; when unset, the request's own host is trusted. */
  readonly publicOrigin: string | null;
  readonly secureCookies: boolean;
  readonly redisUrl: string | null;
  /** Proxies in front of us that append the peer they saw to X-Forwarded-For; 0 trusts none. */
  readonly trustedProxyHops: number;
  /** Messages one person may send at once, then per second after that. */
  readonly sendBurst: number;
  readonly sendRatePerSecond: number;
  /** Open sockets one person may hold on one instance. */
  readonly maxSocketsPerUser: number;
  /** Events of any kind one socket may send at once, then per second; beyond, it is disconnected. */
  readonly socketEventBurst: number;
  readonly socketEventsPerSecond: number;
  /** Group changes (create, rename, add, remove) and deletions one person may make at once, then per minute. */
  readonly groupChangeBurst: number;
  readonly groupChangesPerMinute: number;
  /** Accounts one address may create per hour, and all addresses together per minute. */
  readonly registerPerAddressPerHour: number;
  readonly registerPerMinute: number;
  /** Password checks that may wait for a hashing thread (registrations: a quarter of it); busy beyond. */
  readonly hashQueueLimit: number;
  /** Uploaded files on local disk (the default file storage). */
  readonly uploadsDir: string;
  /** The largest file accepted, in bytes, and what one person may upload in 24 hours. */
  readonly maxUploadBytes: number;
  readonly uploadBytesPerDay: number;
  /** The bucket files go to instead of `uploadsDir`; null keeps them on local disk. */
  readonly s3: S3Options | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const SECRET_FILE = "auth-secret";

/** Reads the secret kept in the data folder, creating it (mode 0600) on first start. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 32) return secret;
    throw new ConfigError(`${file} holds a secret shorter than 32 characters; delete it to generate a new one`);
  }
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return secret;
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  // Instances sharing one PostgreSQL database must accept each other's sessions; a secret generated
  // into one instance's own data folder would differ from every other's.
  if (e.DATABASE_URL && !e.AUTH_SECRET) {
    throw new ConfigError("AUTH_SECRET must be set when DATABASE_URL is: every instance sharing the database must sign sessions with the same secret");
  }
  const dataDir = path.resolve(e.DATA_DIR);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`Cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }
  const publicOrigin = e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : null;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseFile: e.DATABASE_FILE ? path.resolve(e.DATABASE_FILE) : path.join(dataDir, "chat.db"),
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    authSecret: e.AUTH_SECRET ?? loadOrCreateSecret(dataDir),
    publicOrigin,
    secureCookies: publicOrigin?.startsWith("https:") ?? false,
    redisUrl: e.REDIS_URL ?? null,
    trustedProxyHops: e.TRUST_PROXY === "true" ? 1 : e.TRUST_PROXY === "false" ? 0 : Number(e.TRUST_PROXY),
    sendBurst: e.SEND_BURST,
    sendRatePerSecond: e.SEND_RATE_PER_SEC,
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    socketEventBurst: e.SOCKET_EVENT_BURST,
    socketEventsPerSecond: e.SOCKET_EVENTS_PER_SEC,
    groupChangeBurst: e.GROUP_CHANGE_BURST,
    groupChangesPerMinute: e.GROUP_CHANGES_PER_MIN,
    registerPerAddressPerHour: e.REGISTER_PER_ADDRESS_PER_HOUR,
    registerPerMinute: e.REGISTER_PER_MINUTE,
    hashQueueLimit: e.HASH_QUEUE_LIMIT,
    uploadsDir: path.join(dataDir, "uploads"),
    maxUploadBytes: Math.floor(e.MAX_UPLOAD_MB * 1024 * 1024),
    uploadBytesPerDay: Math.floor(e.UPLOAD_MB_PER_DAY * 1024 * 1024),
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT ?? null,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID ?? null,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? null,
          // Self-hosted services (an endpoint given) mostly want the bucket in the path.
          forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === "true" : Boolean(e.S3_ENDPOINT),
        }
      : null,
  };
}

const CONFIG_KEY = Symbol.for("chat.config");
type ConfigGlobal = { [CONFIG_KEY]?: AppConfig };

/**
 * The process-wide configuration. server.ts and the Next.js bundles are separate module graphs,
 * so the parsed value is kept on globalThis and the secret is mirrored to AUTH_SECRET for Auth.js.
 */
export function getConfig(): AppConfig {
  const g = globalThis as ConfigGlobal;
  if (!g[CONFIG_KEY]) {
    const config = parseConfig(process.env);
    process.env.AUTH_SECRET = config.authSecret;
    if (config.publicOrigin && !process.env.AUTH_URL) process.env.AUTH_URL = config.publicOrigin;
    g[CONFIG_KEY] = config;
  }
  return g[CONFIG_KEY];
}
