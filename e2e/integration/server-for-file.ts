import { afterAll, beforeAll } from "vitest";
import { connect, startServer, type RunningServer, type TestSocket, type TestUser } from "./harness";

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
