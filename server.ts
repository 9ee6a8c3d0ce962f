import { createServer } from "node:http";
import next from "next";
import { ConfigError, getConfig } from "./lib/config";
import { createRealtimeServer } from "./lib/realtime/server";
import { closeServices, getServices } from "./lib/services";

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = getConfig();
  const services = getServices();
  const dev = config.env !== "production";

  const app = next({ dev });
  const handle = app.getRequestHandler();
  await app.prepare();

  const httpServer = createServer((req, res) => void handle(req, res));
  const io = createRealtimeServer(httpServer, services);
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    httpServer.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io/")) void upgrade(req, socket, head);
    });
  }

  httpServer.listen(config.port, config.host, () => {
    const address = httpServer.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    console.log(`> chat listening on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port} (${config.env}, data in ${config.dataDir})`);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`> ${signal}: shutting down`);
    setTimeout(() => {
      console.error("> shutdown took too long, exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // io.close() stops accepting, disconnects every socket and closes the HTTP server.
    void io.close(async () => {
      await app.close().catch(() => {});
      closeServices();
      process.exit(0);
    });
    httpServer.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
