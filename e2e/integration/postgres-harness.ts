import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./redis-harness";

const run = promisify(execFile);

export interface RunningPostgres {
  /** The cluster's `postgres` database, as the superuser `postgres` (no password: trust). */
  url: string;
  /** The temporary folder holding the data directory, the socket and server.log. */
  dir: string;
  /** Creates an empty database on this cluster and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server at once (no checkpoint: nothing here needs to survive) and deletes its files. */
  stop(): Promise<void>;
}

function hasServerBinaries(dir: string): boolean {
  return existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"));
}

/** Where initdb and pg_ctl live: pg_config's answer, else the newest Debian /usr/lib/postgresql/<v>/bin. */
export async function findPostgresBinaries(): Promise<string> {
  try {
    const { stdout } = await run("pg_config", ["--bindir"]);
    // On Debian pg_config can come from libpq-dev alone, naming a folder without the server.
    if (hasServerBinaries(stdout.trim())) return stdout.trim();
  } catch {
    // No pg_config: look in Debian's layout.
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = path.join(root, version, "bin");
    if (hasServerBinaries(dir)) return dir;
  }
  throw new Error("PostgreSQL server binaries not found (initdb, pg_ctl): install the postgresql package");
}

/** initdb refuses to run as root, and the server too; as root, both run as the postgres user. */
function serverUserArgv(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

function asServerUser(command: string, args: string[], cwd: string) {
  const [file, argv] = serverUserArgv(command, args);
  return run(file, argv, { cwd });
}

/** A private PostgreSQL cluster in a temporary folder, on a free port, tuned for speed over durability. */
/**
 * `durable: false` (tests) turns off fsync and synchronous commit: a throwaway cluster needs no
 * crash safety. The bench starts one with PostgreSQL's own durable defaults.
 */
export async function startPostgres({ durable = false }: { durable?: boolean } = {}): Promise<RunningPostgres> {
  const bin = await findPostgresBinaries();
  const dir = await mkdtemp(path.join(tmpdir(), "chat-pg-"));
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  const pgCtl = path.join(bin, "pg_ctl");
  try {
    if (process.getuid?.() === 0) await run("chown", ["postgres:postgres", dir]);
    await asServerUser(path.join(bin, "initdb"), ["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C", "-D", data], dir);
    const port = await startServer(pgCtl, dir, data, log, durable);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // A test process that ends without stop() (a crash, a forgotten afterAll) must not leave a
    // server running on a machine shared with other test runs. Only synchronous work runs at exit.
    const stopAtExit = () => {
      const [file, argv] = serverUserArgv(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
      try {
        execFileSync(file, argv, { cwd: dir, stdio: "ignore" });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    process.once("exit", stopAtExit);
    let stopped: Promise<void> | undefined;
    return {
      url,
      dir,
      createDatabase: (name) => createDatabase(url, name),
      stop: () => {
        process.off("exit", stopAtExit);
        return (stopped ??= stopServer(pgCtl, dir, data));
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startServer(pgCtl: string, dir: string, data: string, log: string, durable: boolean): Promise<number> {
  // The free port can be taken by someone else before the server binds it; then try another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const speed = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${speed}`;
    try {
      // -w waits until the server accepts connections; -l keeps its output off our pipes (with
      // them, execFile would wait for the server to exit).
      await asServerUser(pgCtl, ["-D", data, "-l", log, "-o", settings, "-w", "-t", "60", "start"], dir);
      return port;
    } catch (error) {
      const serverLog = await readFile(log, "utf8").catch(() => "");
      if (attempt >= 3 || !serverLog.includes("could not bind")) {
        throw new Error(`pg_ctl start failed: ${String(error)}\n${serverLog}`);
      }
    }
  }
}

async function stopServer(pgCtl: string, dir: string, data: string): Promise<void> {
  try {
    await asServerUser(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Creates an empty database on the cluster at `baseUrl` and returns its URL. */
export async function createDatabase(baseUrl: string, name = `test_${randomBytes(6).toString("hex")}`): Promise<string> {
  // The name goes into SQL as an identifier, which cannot be a bound parameter.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsuitable database name: ${name}`);
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
