import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { connect, startServer, type RunningServer, type TestSocket, type TestUser } from "./harness";
import { startRedis, type RunningRedis } from "./redis-harness";

/**
 * One real server for a test file: started before its tests, stopped after them together with
 * every socket opened through `online`.
 */
export function serverForThisFile(env: Record<string, string> = {}) {
  let server: RunningServer | undefined;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    server = await startServer(env);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
  });
  return {
    get server(): RunningServer {
      if (!server) throw new Error("server not started yet");
      return server;
    },
    get url(): string {
      return this.server.url;
    },
    async online(user: TestUser): Promise<TestSocket> {
      const socket = await connect(this.url, user);
      sockets.push(socket);
      return socket;
    },
  };
}

/**
 * Two instances sharing one Redis server and one data folder, for the tests around the enclosing
 * `beforeAll`/`afterAll` (a file or a describe block); `on` connects a user to either of them.
 */
export function twoInstancesWithRedis(env: Record<string, string> = {}) {
  let redis: RunningRedis | undefined;
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  let dataDir = "";
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    dataDir = mkdtempSync(path.join(tmpdir(), "chat-instances-"));
    const withRedis = { REDIS_URL: redis.url, ...env };
    // One after the other: the first applies the migrations to the shared database.
    a = await startServer(withRedis, { dataDir, keepData: true });
    b = await startServer(withRedis, { dataDir, keepData: true });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const started = (server: RunningServer | undefined): RunningServer => {
    if (!server) throw new Error("instances not started yet");
    return server;
  };
  return {
    get a(): RunningServer {
      return started(a);
    },
    get b(): RunningServer {
      return started(b);
    },
    async on(server: RunningServer, user: TestUser): Promise<TestSocket> {
      const socket = await connect(server.url, user);
      sockets.push(socket);
      return socket;
    },
  };
}
