import { afterAll, describe, expect, it } from "vitest";
import type { Challenge } from "@/lib/chat/errors";
import { solveChallenge } from "@/lib/client/proof-of-work";
import type { ChallengeSolution } from "@/lib/validation";
import { PASSWORD, startServer, uniqueName, type RunningServer } from "./harness";

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function boot(env: Record<string, string>): Promise<RunningServer> {
  const server = await startServer(env);
  servers.push(server);
  return server;
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { code?: string; challenge?: Challenge; user?: { username: string } };
}

async function register(url: string, username: string, from: string, challenge?: ChallengeSolution): Promise<Answer> {
  const response = await fetch(`${url}/api/register`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": from },
    body: JSON.stringify({ username, password: PASSWORD, ...(challenge && { challenge }) }),
  });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Answer["body"] };
}

/** As the register form does: on a challenge, solve it and send the same request again. */
async function registerSolving(url: string, username: string, from: string): Promise<{ first: Answer; final: Answer }> {
  const first = await register(url, username, from);
  if (first.status !== 428 || !first.body.challenge) return { first, final: first };
  return { first, final: await register(url, username, from, await solveChallenge(first.body.challenge)) };
}

describe("threat: mass registration", () => {
  it("limits sign-ups per address, with proof of work past half the limit, and for all addresses together", async () => {
    const server = await boot({ TRUST_PROXY: "1", REGISTER_PER_ADDRESS_PER_HOUR: "4", REGISTER_PER_MINUTE: "8" });
    const a = "198.51.100.10";
    expect((await register(server.url, uniqueName("reg"), a)).status).toBe(201);
    expect((await register(server.url, uniqueName("reg"), a)).status).toBe(201);

    // Past half: a challenge first, which the honest client solves.
    const third = uniqueName("reg");
    const asked = await register(server.url, third, a);
    expect(asked.status).toBe(428);
    expect(asked.body.code).toBe("challenge_required");
    const challenge = asked.body.challenge;
    if (!challenge) throw new Error("no challenge in the answer");
    expect(challenge.difficulty).toBeGreaterThanOrEqual(10);
    const solution = await solveChallenge(challenge);
    // A solution is bound to the name (and address) it was issued for: no replaying it for others.
    expect((await register(server.url, uniqueName("reg"), a, solution)).status).toBe(428);
    expect((await register(server.url, third, a, { ...solution, token: solution.token.replace(/.$/, (last) => (last === "A" ? "B" : "A")) })).status).toBe(428);
    expect((await register(server.url, third, a, solution)).status).toBe(201);
    expect((await registerSolving(server.url, uniqueName("reg"), a)).final.status).toBe(201);

    // The hourly limit of the address, with the wait.
    const refused = await registerSolving(server.url, uniqueName("reg"), a);
    expect(refused.final.status).toBe(429);
    expect(refused.final.body.code).toBe("rate_limited");
    expect(Number(refused.final.retryAfter)).toBeGreaterThan(60);

    // Another address is not affected by the first one's limit...
    const b = "198.51.100.20";
    for (let i = 0; i < 4; i++) expect((await registerSolving(server.url, uniqueName("reg"), b)).final.status).toBe(201);
    // ...but all addresses together stop at 8 a minute.
    const everyone = await register(server.url, uniqueName("reg"), "198.51.100.30");
    expect(everyone.status).toBe(429);
    expect(Number(everyone.retryAfter)).toBeGreaterThan(0);
    expect(Number(everyone.retryAfter)).toBeLessThanOrEqual(60);
  });

  it("refuses sign-ups beyond the password-hash queue with 503 busy and Retry-After, and recovers", async () => {
    // The registration limits stay lifted (as the harness sets them); the hash queue is as shipped.
    const server = await boot({ HASH_QUEUE_LIMIT: "16" });
    const answers = await Promise.all(Array.from({ length: 40 }, () => register(server.url, uniqueName("burst"), "ignored")));
    const busy = answers.filter((a) => a.status === 503);
    const created = answers.filter((a) => a.status === 201);
    console.log(`40 concurrent sign-ups: ${created.length} created, ${busy.length} refused busy`);
    expect(created.length + busy.length).toBe(40);
    expect(created.length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    for (const answer of busy) {
      expect(answer.body.code).toBe("busy");
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect((await register(server.url, uniqueName("after"), "ignored")).status).toBe(201);
  });
});
