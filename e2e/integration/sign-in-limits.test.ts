import { describe, expect, it } from "vitest";
import { SIGN_IN_FAILURES_PER_USERNAME, SIGN_IN_FREE_FAILURES } from "@/lib/security/rate-limits";
import { PASSWORD, signInOutcome, signUp, uniqueName, type SignInOutcome } from "./harness";
import { serverForThisFile } from "./server-for-file";

// Behind one trusted proxy, X-Forwarded-For's rightmost entry is the client: tests play several addresses.
// The hash queue as shipped, for the busy test.
const ctx = serverForThisFile({ TRUST_PROXY: "1", HASH_QUEUE_LIMIT: "16" });

const WRONG = "not the password";
const tally = (outcomes: SignInOutcome[]) => ({
  checked: outcomes.filter((o) => o === "wrong" || o === "signed-in").length,
  limited: outcomes.filter((o) => o === "rate_limited").length,
});
/** The wait itself is what is under test here: there is no event to await instead. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("threat: password guessing", () => {
  it("checks no more of a parallel burst than the limits allow, from one address or from many", async () => {
    const [one, many] = [await signUp(ctx.url), await signUp(ctx.url)];
    const fromOne = await Promise.all(Array.from({ length: 30 }, () => signInOutcome(ctx.url, one.username, WRONG, "203.0.113.1")));
    const fromMany = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signInOutcome(ctx.url, many.username, WRONG, `203.0.114.${i + 1}`)),
    );
    console.log(`30 parallel guesses checked: ${tally(fromOne).checked} from one address, ${tally(fromMany).checked} from 30 addresses`);
    // The free failures of the pair, and one more that takes the gate.
    expect(tally(fromOne).checked).toBeLessThanOrEqual(SIGN_IN_FREE_FAILURES + 1);
    expect(tally(fromOne).checked + tally(fromOne).limited).toBe(30);
    // The username's ceiling, and one more through the slow lane.
    expect(tally(fromMany).checked).toBeLessThanOrEqual(SIGN_IN_FAILURES_PER_USERNAME + 1);
    expect(tally(fromMany).checked + tally(fromMany).limited).toBe(30);
  });

  it("lets the owner in from another address after an attacker spent the username's failures", async () => {
    const owner = await signUp(ctx.url);
    let failures = 0;
    for (const attacker of ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]) {
      for (let i = 0; i < SIGN_IN_FREE_FAILURES && failures < SIGN_IN_FAILURES_PER_USERNAME; i++, failures++) {
        expect(await signInOutcome(ctx.url, owner.username, WRONG, attacker)).toBe("wrong");
      }
    }
    expect(failures).toBe(SIGN_IN_FAILURES_PER_USERNAME);
    expect(await signInOutcome(ctx.url, owner.username, PASSWORD, "192.0.2.50")).toBe("signed-in");
    // An address that failed is still held back, even with the right password.
    expect(await signInOutcome(ctx.url, owner.username, PASSWORD, "198.51.100.1")).toBe("rate_limited");
  });

  it("makes one address wait longer after each further failure for a username", async () => {
    const victim = await signUp(ctx.url);
    const attacker = "198.51.100.99";
    const guess = () => signInOutcome(ctx.url, victim.username, WRONG, attacker);
    for (let i = 0; i < SIGN_IN_FREE_FAILURES; i++) expect(await guess()).toBe("wrong");
    // After the free failures: 1 s, then 2 s.
    expect(await guess()).toBe("rate_limited");
    await pause(1200);
    expect(await guess()).toBe("wrong");
    expect(await guess()).toBe("rate_limited");
    await pause(1200);
    expect(await guess()).toBe("rate_limited");
    await pause(1000);
    expect(await guess()).toBe("wrong");
    // Meanwhile the owner, elsewhere, is not affected.
    expect(await signInOutcome(ctx.url, victim.username, PASSWORD, "192.0.2.51")).toBe("signed-in");
  });

  it("refuses sign-ins beyond the password-hash queue as busy rather than queueing them", async () => {
    // Unknown names cost the same hash as real ones; distinct names and addresses pass every limit.
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signInOutcome(ctx.url, uniqueName("nobody"), WRONG, `192.0.2.${100 + i}`)),
    );
    const busy = outcomes.filter((o) => o === "busy").length;
    console.log(`40 parallel sign-ins: ${40 - busy} checked, ${busy} refused busy`);
    expect(busy).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === "wrong").length + busy).toBe(40);
  });

  it("keys on the address the trusted proxy saw, whatever the client writes left of it", async () => {
    const victim = await signUp(ctx.url);
    const outcomes: SignInOutcome[] = [];
    for (let i = 1; i <= SIGN_IN_FREE_FAILURES + 3; i++) {
      outcomes.push(await signInOutcome(ctx.url, victim.username, WRONG, `10.9.8.${i}, 198.51.100.77`));
    }
    expect(outcomes.slice(0, SIGN_IN_FREE_FAILURES)).toEqual(Array(SIGN_IN_FREE_FAILURES).fill("wrong"));
    expect(outcomes.slice(SIGN_IN_FREE_FAILURES)).toEqual(["rate_limited", "rate_limited", "rate_limited"]);
  });
});
