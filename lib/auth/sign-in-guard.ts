import {
  count,
  giveBack,
  SIGN_IN_FAILURES_PER_IP,
  SIGN_IN_FAILURES_PER_USERNAME,
  SIGN_IN_FREE_FAILURES,
  SIGN_IN_MAX_DELAY_SECONDS,
  take,
  waitLeftMs,
  type RateLimits,
} from "../security/rate-limits";

/**
 * Who may have a password checked, decided before the (expensive) check:
 *
 * - Each (username, address) pair gets SIGN_IN_FREE_FAILURES free failures, then must wait 1 s,
 *   2 s, 4 s ... (at most SIGN_IN_MAX_DELAY_SECONDS) after each further failure. An attacker slows
 *   themselves down, not the owner, who signs in from another address.
 * - Over the per-username or per-address ceiling, only a pair with no failures may still try,
 *   one attempt at a time per SIGN_IN_SLOW_LANE_SECONDS: slower, never locked out.
 *
 * Every point is taken before the check and given back if it succeeds, so a parallel burst
 * cannot slip more checks past a limit than it allows.
 */

export type SignInAdmission =
  | { ok: true; attempt: SignInAttempt }
  | { ok: false; retryAfterMs: number };

export interface SignInAttempt {
  /** Right password: the address's and username's points come back, the pair starts afresh. */
  succeeded(): Promise<void>;
  /** Wrong password (or unknown name): the points stay and the pair may have to wait. */
  failed(): Promise<void>;
  /** Not checked after all (the hash threads were busy): every point comes back. */
  abandoned(): Promise<void>;
}

/** The wait after the pair's `failures`-th failure. */
export function delayAfterFailures(failures: number): number {
  if (failures < SIGN_IN_FREE_FAILURES) return 0;
  return Math.min(SIGN_IN_MAX_DELAY_SECONDS, 2 ** (failures - SIGN_IN_FREE_FAILURES));
}

export async function admitSignIn(limits: RateLimits, username: string, ip: string): Promise<SignInAdmission> {
  const pairKey = `${ip}|${username}`;
  const waiting = await waitLeftMs(limits.signInPairGate, pairKey, 1);
  if (waiting > 0) return { ok: false, retryAfterMs: waiting };

  const undo: Array<() => Promise<void>> = [];
  const refuse = async (retryAfterMs: number): Promise<SignInAdmission> => {
    await Promise.all(undo.map((step) => step()));
    return { ok: false, retryAfterMs };
  };

  const pair = await count(limits.signInPair, pairKey);
  undo.push(() => giveBack(limits.signInPair, pairKey));
  const earlierFailures = pair.consumed - 1;
  if (pair.consumed > SIGN_IN_FREE_FAILURES) {
    // One at a time past the free failures: the gate is held until this attempt's outcome sets the wait.
    const gate = await take(limits.signInPairGate, pairKey);
    if (!gate.ok) return refuse(gate.retryAfterMs);
    undo.push(() => limits.signInPairGate.delete(pairKey).then(() => undefined));
  }

  const [byIp, byName] = await Promise.all([count(limits.signInIp, ip), count(limits.signInUser, username)]);
  undo.push(
    () => giveBack(limits.signInIp, ip),
    () => giveBack(limits.signInUser, username),
  );
  const overIp = byIp.consumed > SIGN_IN_FAILURES_PER_IP;
  const overName = byName.consumed > SIGN_IN_FAILURES_PER_USERNAME;
  if (overIp || overName) {
    const windowLeft = Math.max(overIp ? byIp.retryAfterMs : 0, overName ? byName.retryAfterMs : 0);
    if (earlierFailures > 0) return refuse(windowLeft);
    for (const lane of [overIp && `ip:${ip}`, overName && `user:${username}`]) {
      if (!lane) continue;
      const slot = await take(limits.signInSlowLane, lane);
      if (!slot.ok) return refuse(slot.retryAfterMs);
    }
  }

  return {
    ok: true,
    attempt: {
      async succeeded() {
        await Promise.all([
          giveBack(limits.signInIp, ip),
          giveBack(limits.signInUser, username),
          limits.signInPair.delete(pairKey),
          limits.signInPairGate.delete(pairKey),
        ]);
      },
      async failed() {
        const wait = delayAfterFailures(pair.consumed);
        if (wait > 0) await limits.signInPairGate.block(pairKey, wait);
      },
      async abandoned() {
        await Promise.all(undo.map((step) => step()));
      },
    },
  };
}
