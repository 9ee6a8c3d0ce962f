import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./harness";
import { startRedis } from "./redis-harness";

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/api/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("GET /api/health", () => {
  it("answers 200 without a session when the database answers, saying Redis is not in use", async () => {
    const server = await startServer();
    servers.push(server);
    expect(await health(server.url)).toEqual({ status: 200, body: { status: "ok", database: "ok", redis: "off" } });
  });

  it("answers 503 once the configured Redis stops answering", { timeout: 60_000 }, async () => {
    const redis = await startRedis();
    const server = await startServer({ REDIS_URL: redis.url });
    servers.push(server);
    expect(await health(server.url)).toEqual({ status: 200, body: { status: "ok", database: "ok", redis: "ok" } });
    await redis.kill();
    // Each probe gives up after its own timeout, so this loop ends as soon as the answer changes.
    let answer = await health(server.url);
    for (let i = 0; i < 20 && answer.status === 200; i++) answer = await health(server.url);
    expect(answer).toEqual({ status: 503, body: { error: "Not ready", code: "busy", database: "ok", redis: "down" } });
  });
});
