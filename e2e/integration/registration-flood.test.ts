import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, signUp, startServer, uniqueName, type RunningServer, type TestUser } from "./harness";

/**
 * The measurement behind finding 1 of the hardening issue: sign-ups each cost a 32 MiB scrypt, and
 * while they ran on libuv's shared pool every other request queued behind them. Here an attacker
 * keeps 40 sign-ups in flight from rotating addresses (a botnet, so the per-address limit does not
 * stop them) while an honest user keeps calling the API; the honest call must stay fast.
 */
const FLOOD_IN_FLIGHT = 40;
const FLOOD_MS = 10_000;
const QUIET_MS = 3_000;

let server: RunningServer;
let honest: TestUser;
beforeAll(async () => {
  // The shipped limits, not the harness's lifted ones: the flood should meet what production has.
  server = await startServer({ TRUST_PROXY: "1", REGISTER_PER_ADDRESS_PER_HOUR: "10", REGISTER_PER_MINUTE: "60", HASH_QUEUE_LIMIT: "16" });
  honest = await signUp(server.url);
});
afterAll(async () => {
  await server.stop();
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

const slowest: string[] = [];
async function timedCalls(until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  const t0 = performance.now();
  while (!until()) {
    const started = performance.now();
    const { status } = await api(server.url, "/api/conversations", { cookie: honest.cookie });
    times.push(performance.now() - started);
    if (performance.now() - started > 100) slowest.push(`${(started - t0).toFixed(0)}:${(performance.now() - started).toFixed(0)}`);
    expect(status).toBe(200);
  }
  return times.sort((a, b) => a - b);
}

let addressCounter = 0;
const freshAddress = () => {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

describe("threat: a registration flood starving everyone else", () => {
  it("keeps an honest signed-in call fast while 40 sign-ups are in flight", { timeout: 60_000 }, async () => {
    const quietEnds = Date.now() + QUIET_MS;
    const quiet = await timedCalls(() => Date.now() > quietEnds);

    let stop = false;
    const statuses = new Map<number, number>();
    const attacker = async () => {
      while (!stop) {
        const response = await fetch(`${server.url}/api/register`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": freshAddress() },
          body: JSON.stringify({ username: uniqueName("flood"), password: "flood password 1" }),
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    const flood = Array.from({ length: FLOOD_IN_FLIGHT }, attacker);
    const floodEnds = Date.now() + FLOOD_MS;
    const loaded = await timedCalls(() => Date.now() > floodEnds);
    stop = true;
    await Promise.all(flood);

    const figures = (t: number[]) => `p50 ${percentile(t, 50).toFixed(1)} ms, p99 ${percentile(t, 99).toFixed(1)} ms, n=${t.length}`;
    console.log(`honest GET /api/conversations, quiet:  ${figures(quiet)}`);
    console.log(`honest GET /api/conversations, flood:  ${figures(loaded)}`);
    console.log(`slow calls (at ms: took ms): ${slowest.join(" ")}`);
    console.log(`flood answers by status: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(loaded.length).toBeGreaterThan(20);
    // 100 ms is the goal; a 2-core CI machine shared with other work gets headroom, and when that
    // other work already slows the quiet calls (another test file beside this one), the bound
    // grows with them: what is tested is the flood's effect, not the machine's load. Before
    // decision 0008 a single call took ~30 s here, far beyond either bound.
    expect(percentile(loaded, 99)).toBeLessThan(Math.max(250, 3 * percentile(quiet, 99)));
  });
});
