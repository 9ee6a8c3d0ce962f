import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { ConfigError, getConfig } from "./lib/config";
import { connectRedis } from "./lib/realtime/redis";
import { createRealtimeServer } from "./lib/realtime/server";
import { CLIENT_IP_HEADER, clientIp } from "./lib/security/client-ip";
import { API_CSP, BASE_SECURITY_HEADERS } from "./lib/security/headers.mjs";
import { gateRequest, HSTS_VALUE } from "./lib/security/request-gate";
import { closeServices, initServices } from "./lib/services";

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = getConfig();
  // Before anything else: with PostgreSQL, opening the store connects and migrates.
  const services = await initServices();
  const dev = config.env !== "production";

  // Listen first so that an ephemeral PORT=0 is known before Next builds request URLs from it.
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  const gateOptions = { publicOrigin: config.publicOrigin, dev };
  const httpServer = createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = clientIp(req, config.trustedProxyHops);
    if (config.secureCookies) res.setHeader("Strict-Transport-Security", HSTS_VALUE);
    const refusal = gateRequest(req.method ?? "GET", req.url ?? "/", req.headers, gateOptions);
    if (refusal) {
      res
        .writeHead(refusal.status, { "content-type": "application/json", ...BASE_SECURITY_HEADERS, "content-security-policy": API_CSP })
        .end(JSON.stringify({ error: refusal.error, code: refusal.code }));
      return;
    }
    if (handle) return void handle(req, res);
    res.writeHead(503, { "content-type": "application/json", "retry-after": "1" }).end('{"error":"Starting up","code":"busy"}');
  });
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : null;
  const io = createRealtimeServer(httpServer, services, redis);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const hostname = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  // Next attaches its own upgrade listener to httpServer (dev HMR); it leaves /socket.io/ to us.
  const app = next({ dev, hostname, port, httpServer });
  await app.prepare();
  handle = app.getRequestHandler();
  console.log(`> chat listening on http://${hostname}:${port} (${config.env}, data in ${config.dataDir})`);

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
    void io.close(() => void closeAll());
    const closeAll = async () => {
      await services.presence.close();
      await redis?.close();
      await app.close().catch(() => {});
      await closeServices();
      process.exit(0);
    };
    httpServer.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

// A failed publish (Redis away) or a dropped client must not take every other conversation down.
process.on("unhandledRejection", (reason) => console.error("[server] unhandled rejection", reason));

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
