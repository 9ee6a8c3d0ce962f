/**
 * `npm run db:port -- [sqlite file]`: copies a SQLite install into an empty PostgreSQL database
 * (DATABASE_URL): every table of the schema, ids kept, sequences set past them, counts checked.
 * Refuses a database that already holds anything. Stop the app first. The SQLite file is brought
 * up to the current schema first, as starting the app would.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import type pg from "pg";
import { openDatabase } from "../db/client";
import { openPostgres } from "../db/pg/open";
import * as schemaPg from "../db/schema.pg";

// Parents before children, so every foreign key finds its row.
const ORDER = ["users", "conversations", "conversation_members", "messages", "message_edits", "reactions", "mentions", "uploads", "blocks", "changes"];
const BATCH_ROWS = 1000;

export class PortError extends Error {}

interface TableCopy {
  name: string;
  columns: { name: string; boolean: boolean }[];
  /** The identity column, whose sequence must continue after the copied values. */
  identity: string | null;
}

/** Every table of the PostgreSQL schema, in ORDER; a table missing from ORDER is an error here, not a silent skip. */
function tablesToCopy(): TableCopy[] {
  const tables = Object.values(schemaPg as Record<string, unknown>).filter((t): t is PgTable => is(t, PgTable));
  const byName = new Map(tables.map((t) => [getTableConfig(t).name, getTableConfig(t)]));
  const unknown = [...byName.keys()].filter((name) => !ORDER.includes(name));
  if (unknown.length) throw new Error(`db:port does not know how to order ${unknown.join(", ")}: add it to ORDER`);
  return ORDER.map((name) => {
    const config = byName.get(name);
    if (!config) throw new Error(`db:port expects a table ${name} that the schema does not have`);
    return {
      name,
      columns: config.columns.map((c) => ({ name: c.name, boolean: c.getSQLType() === "boolean" })),
      identity: config.columns.find((c) => c.generatedIdentity)?.name ?? null,
    };
  });
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface PortReport {
  tables: { name: string; rows: number }[];
}

/** Copies `sqliteFile` into the empty database at `databaseUrl`, in one transaction. */
export async function portDatabase(sqliteFile: string, databaseUrl: string, log: (line: string) => void = () => {}): Promise<PortReport> {
  if (!existsSync(sqliteFile)) throw new PortError(`No SQLite database at ${sqliteFile}`);
  const source = openDatabase(sqliteFile);
  const target = await openPostgres(databaseUrl, { poolSize: 2 });
  const tables = tablesToCopy();
  try {
    const client = await target.pool.connect();
    try {
      for (const table of tables) {
        const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quote(table.name)}) AS any`);
        if (rows[0]?.any) throw new PortError(`The PostgreSQL database is not empty (${table.name} has rows): db:port only writes into an empty one`);
      }
      await client.query("BEGIN");
      const report: PortReport = { tables: [] };
      for (const table of tables) {
        const rows = await copyTable(source.sqlite, client, table);
        report.tables.push({ name: table.name, rows });
        log(`${table.name}: ${rows} rows`);
      }
      await client.query("COMMIT");
      await verify(source.sqlite, target.pool, tables);
      return report;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  } finally {
    source.close();
    await target.close();
  }
}

async function copyTable(sqlite: ReturnType<typeof openDatabase>["sqlite"], client: pg.PoolClient, table: TableCopy): Promise<number> {
  const names = table.columns.map((c) => c.name);
  const select = sqlite.prepare(`SELECT ${names.map(quote).join(", ")} FROM ${quote(table.name)} ORDER BY rowid`).raw(true);
  const insertHead = `INSERT INTO ${quote(table.name)} (${names.map(quote).join(", ")})${table.identity ? " OVERRIDING SYSTEM VALUE" : ""} VALUES `;
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value) => `$${values.push(value)}`).join(", ")})`);
    await client.query(insertHead + tuples.join(", "), values);
    copied += batch.length;
    batch = [];
  };
  for (const row of select.iterate() as IterableIterator<unknown[]>) {
    batch.push(row.map((value, i) => (table.columns[i]!.boolean && value !== null ? value === 1 : value)));
    if (batch.length === BATCH_ROWS) await flush();
  }
  await flush();
  if (table.identity) {
    // The next id drawn is past every copied one (or 1 for an empty table).
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quote(table.identity)}) FROM ${quote(table.name)}), 0) + 1, false)`,
      [table.name, table.identity],
    );
  }
  return copied;
}

/** Row counts, and the sum of every id column, agree table by table. */
async function verify(sqlite: ReturnType<typeof openDatabase>["sqlite"], pool: pg.Pool, tables: TableCopy[]): Promise<void> {
  for (const table of tables) {
    const key = table.identity ?? table.columns[0]!.name;
    const expected = sqlite.prepare(`SELECT count(*) AS n, COALESCE(sum(${quote(key)}), 0) AS s FROM ${quote(table.name)}`).get() as { n: number; s: number };
    const { rows } = await pool.query<{ n: string; s: string }>(`SELECT count(*) AS n, COALESCE(sum(${quote(key)}), 0) AS s FROM ${quote(table.name)}`);
    const actual = { n: Number(rows[0]!.n), s: Number(rows[0]!.s) };
    if (actual.n !== expected.n || actual.s !== expected.s) {
      throw new PortError(`${table.name}: ${expected.n} rows in SQLite but ${actual.n} in PostgreSQL after copying`);
    }
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new PortError("Set DATABASE_URL to the (empty) PostgreSQL database to copy into");
  const file = path.resolve(
    process.argv[2] ?? process.env.DATABASE_FILE ?? path.join(process.env.DATA_DIR ?? "./data", "chat.db"),
  );
  console.log(`Copying ${file} into PostgreSQL…`);
  const report = await portDatabase(file, databaseUrl, (line) => console.log(`  ${line}`));
  const total = report.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`Done: ${total} rows copied and counted in ${report.tables.length} tables. Start the app with DATABASE_URL and the same AUTH_SECRET.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof PortError ? `db:port: ${error.message}` : error);
    process.exit(1);
  });
}
