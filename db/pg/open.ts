import path from "node:path";
import pg from "pg";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import * as schemaPg from "../schema.pg";

export type PgDb = NodePgDatabase<typeof schemaPg>;

export interface PostgresHandle {
  readonly pool: pg.Pool;
  /** Connections the pool may hold at once. */
  readonly poolSize: number;
  readonly db: PgDb;
  /** Ends every pooled connection; calling it again does nothing. */
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  /** Connections this instance may hold at once (pg.Pool `max`). */
  poolSize?: number;
  migrationsFolder?: string;
  /** An idle pooled connection failed (say, the server restarted); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

export const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle", "pg");

// Any fixed 64-bit number, the same in every instance of the app: the bytes of "chatmigr".
const MIGRATION_LOCK_KEY = "7163082360012498802";

/** Connects a pool to `url`, brings the schema up to date, and hands both over. */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PostgresHandle> {
  const { poolSize = 10, migrationsFolder = PG_MIGRATIONS_FOLDER, onIdleError = logIdleError } = options;
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Without a listener, an error on an idle connection would be thrown from the pool and end the process.
  pool.on("error", onIdleError);
  try {
    await migrateUnderLock(pool, migrationsFolder);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    pool,
    poolSize,
    db: drizzle(pool, { schema: schemaPg }),
    close: () => (closed ??= pool.end()),
  };
}

/**
 * drizzle's migrator creates its bookkeeping schema and table and reads the last applied migration
 * outside its transaction, so two instances starting together can both decide to apply the same
 * migration (the second then fails on "already exists"), or collide creating the bookkeeping
 * table. A session-level advisory lock, held on the one connection the migrator runs on, makes
 * them take turns: the second finds nothing left to do.
 */
async function migrateUnderLock(pool: pg.Pool, migrationsFolder: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    await migrate(drizzle(client), { migrationsFolder });
    await client.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
    client.release();
  } catch (error) {
    // Dropping the connection ends its session, which frees the lock whatever state it was left in.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

function logIdleError(error: Error): void {
  console.error("postgres: idle connection failed:", error.message);
}
