// The throwaway PostgreSQL cluster and openPostgres: a fresh database gets exactly the schema of
// db/schema.pg.ts, and instances starting together migrate it once.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { eq, is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, PG_MIGRATIONS_FOLDER, type PostgresHandle } from "@/db/pg/open";
import * as schemaPg from "@/db/schema.pg";
import { startPostgres, type RunningPostgres } from "./postgres-harness";

const tables = (Object.values(schemaPg) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

interface ColumnShape {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

const byName = (a: ColumnShape, b: ColumnShape) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);

/** Each column as the schema file declares it; information_schema names these four types alike. */
function declaredColumns(): ColumnShape[] {
  return tables
    .flatMap((table) => {
      const { name, columns } = getTableConfig(table);
      return columns.map((c) => ({ table: name, column: c.name, type: c.getSQLType(), nullable: !c.notNull }));
    })
    .sort(byName);
}

async function actualColumns(pool: pg.Pool): Promise<ColumnShape[]> {
  const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
  );
  return rows
    .map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type, nullable: r.is_nullable === "YES" }))
    .sort(byName);
}

/** Secondary indexes (primary keys aside), as "table.index". */
async function actualIndexes(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT t.relname || '.' || c.relname AS name
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND NOT i.indisprimary`,
  );
  return rows.map((r) => r.name).sort();
}

function journalLength(): number {
  const journal = JSON.parse(readFileSync(path.join(PG_MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

async function appliedMigrations(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
  return rows[0]?.n ?? -1;
}

/** The SQLSTATE of a failed statement (drizzle wraps the driver's error in `cause`). */
async function errorCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string }; code?: string }).cause ?? error;
    return (cause as { code?: string }).code;
  }
}

describe("a throwaway PostgreSQL cluster opened by openPostgres", () => {
  let cluster: RunningPostgres;
  const handles: PostgresHandle[] = [];
  const open = async (url: string) => {
    const handle = await openPostgres(url, { poolSize: 3 });
    handles.push(handle);
    return handle;
  };

  beforeAll(async () => {
    cluster = await startPostgres();
  });

  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    await cluster?.stop();
  });

  it("creates every table, column and index of the schema", async () => {
    const { pool } = await open(await cluster.createDatabase());

    expect(declaredColumns().length).toBeGreaterThan(0);
    expect(await actualColumns(pool)).toEqual(declaredColumns());
    const declaredIndexes = tables.flatMap((t) => {
      const config = getTableConfig(t);
      return config.indexes.map((i) => `${config.name}.${i.config.name}`);
    });
    expect(await actualIndexes(pool)).toEqual(declaredIndexes.sort());
    expect(await appliedMigrations(pool)).toBe(journalLength());
  });

  it("keeps usernames unique whatever their case, and ids only grow", async () => {
    const { db } = await open(await cluster.createDatabase());
    const { users } = schemaPg;
    const add = (username: string) =>
      db.insert(users).values({ username, passwordHash: "x", createdAt: Date.now() }).returning({ id: users.id });

    const [first] = await add("alice");
    expect(await errorCode(add("ALICE"))).toBe("23505"); // unique_violation
    // "Taken in any case" as the app asks it: ON CONFLICT DO NOTHING without a target covers the
    // index on lower(username), and the lookup by lower() finds the row.
    const taken = await db.insert(users).values({ username: "Alice", passwordHash: "x", createdAt: 0 }).onConflictDoNothing().returning();
    expect(taken).toEqual([]);
    const found = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${"ALICE"})`);
    expect(found).toEqual([{ id: first!.id }]);
    const [second] = await add("bob");
    await db.delete(users).where(eq(users.id, second!.id));
    const [third] = await add("carol");
    expect(third!.id).toBeGreaterThan(second!.id);
    expect(second!.id).toBeGreaterThan(first!.id);
    // GENERATED ALWAYS: an id written by hand, which the sequence would later collide with, is refused.
    const handWritten = db.execute(`INSERT INTO users (id, username, password_hash, created_at) VALUES (1000, 'dave', 'x', 0)`);
    expect(await errorCode(handWritten)).toBe("428C9"); // generated_always
  });

  it("lets two instances open one fresh database at once; the migrations run once", async () => {
    const url = await cluster.createDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);

    expect(await appliedMigrations(a.pool)).toBe(journalLength());
    expect(await actualColumns(b.pool)).toEqual(declaredColumns());
    // Opening an up-to-date database applies nothing.
    const again = await open(url);
    expect(await appliedMigrations(again.pool)).toBe(journalLength());
  });

  it("stop() ends the server and deletes its folder", async () => {
    const url = cluster.url;
    await Promise.all(handles.splice(0).map((h) => h.close()));
    await cluster.stop();

    expect(existsSync(cluster.dir)).toBe(false);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    expect(await errorCode(client.connect())).toBe("ECONNREFUSED");
  });
});
