import { afterEach, describe, expect, it, vi } from "vitest";
import { solveChallenge } from "../client/proof-of-work";
import { checkSolution, CHALLENGE_DIFFICULTY, issueChallenge } from "./registration-challenge";

const SECRET = "x".repeat(40);
const subject = { ip: "198.51.100.1", username: "alice" };

afterEach(() => vi.unstubAllGlobals());

describe("registration challenge", () => {
  it("accepts a solution found with WebCrypto, only for the address and name it was issued to", async () => {
    const challenge = issueChallenge(SECRET, subject);
    expect(challenge.difficulty).toBe(CHALLENGE_DIFFICULTY);
    const started = performance.now();
    const solution = await solveChallenge(challenge);
    console.log(`solved difficulty ${challenge.difficulty} in ${Math.round(performance.now() - started)} ms (counter ${solution.solution})`);
    expect(checkSolution(SECRET, solution, subject)).toBe(true);
    expect(checkSolution(SECRET, solution, { ...subject, username: "bob" })).toBe(false);
    expect(checkSolution(SECRET, solution, { ...subject, ip: "198.51.100.2" })).toBe(false);
    expect(checkSolution("y".repeat(40), solution, subject)).toBe(false);
  });

  it("is solved without WebCrypto too, as on a page served over plain http", async () => {
    vi.stubGlobal("crypto", {});
    const challenge = issueChallenge(SECRET, subject);
    const solution = await solveChallenge(challenge);
    vi.unstubAllGlobals();
    expect(checkSolution(SECRET, solution, subject)).toBe(true);
  });

  it("refuses an expired token and a lowered difficulty", async () => {
    const challenge = issueChallenge(SECRET, subject, Date.now() - 10 * 60 * 1000);
    expect(checkSolution(SECRET, await solveChallenge(challenge), subject)).toBe(false);
    const fresh = issueChallenge(SECRET, subject);
    const [nonce, , expires, signature] = fresh.token.split(".");
    expect(checkSolution(SECRET, { token: [nonce, 1, expires, signature].join("."), solution: "0" }, subject)).toBe(false);
  });
});
