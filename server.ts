import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { composeApp } from "./lib/compose";
import { ConfigError, getConfig } from "./lib/config";
import { CLIENT_IP_HEADER, clientIp } from "./lib/security/client-ip";
import { API_CSP, BASE_SECURITY_HEADERS } from "./lib/security/headers.mjs";
import { gateRequest, HSTS_VALUE } from "./lib/security/request-gate";

/** How long SIGTERM waits for in-flight sends before closing anyway. */
const DRAIN_GRACE_MS = 8_000;
const SHUTDOWN_GRACE_MS = 15_000;

const json = (res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) =>
  res.writeHead(status, { "content-type": "application/json", ...BASE_SECURITY_HEADERS, "content-security-policy": API_CSP, ...headers }).end(JSON.stringify(body));

async function main(): Promise<void> {
  const config = getConfig();
  const dev = config.env !== "production";

  // Listen first so that an ephemeral PORT=0 is known before Next builds request URLs from it.
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let drain: { enter(): (() => void) | null } | null = null;
  const gateOptions = { publicOrigin: config.publicOrigin, dev };
  const httpServer = createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = clientIp(req, config.trustedProxyHops);
    if (config.secureCookies) res.setHeader("Strict-Transport-Security", HSTS_VALUE);
    const refusal = gateRequest(req.method ?? "GET", req.url ?? "/", req.headers, gateOptions);
    if (refusal) return void json(res, refusal.status, { error: refusal.error, code: refusal.code });
    if (!handle || !drain) return void json(res, 503, { error: "Starting up", code: "busy" }, { "retry-after": "1" });
    // Every request is counted until its answer is sent, so SIGTERM lets it finish; once stopping,
    // new ones are turned away (the proxy's health check already sees 503).
    const leave = drain.enter();
    if (!leave) return void json(res, 503, { error: "The server is restarting: try again in a moment", code: "busy" }, { "retry-after": "1", connection: "close" });
    res.once("close", leave);
    void handle(req, res);
  });
  // The composition root: configuration, store (PostgreSQL connects and migrates here), limiter,
  // notifier and Socket.IO, before anything is served.
  const app = await composeApp(httpServer);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const hostname = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  // Next attaches its own upgrade listener to httpServer (dev HMR); it leaves /socket.io/ to us.
  const nextApp = next({ dev, hostname, port, httpServer });
  await nextApp.prepare();
  handle = nextApp.getRequestHandler();
  drain = app.services.drain;
  console.log(`> chat listening on http://${hostname}:${port} (${config.env}, data in ${config.dataDir})`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`> ${signal}: finishing in-flight work, then shutting down`);
    setTimeout(() => {
      console.error("> shutdown took too long, exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    httpServer.closeIdleConnections();
    void (async () => {
      const drained = await app.close(DRAIN_GRACE_MS);
      if (!drained) console.error(`> in-flight work did not finish within ${DRAIN_GRACE_MS} ms`);
      await nextApp.close().catch(() => {});
      process.exit(0);
    })();
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
