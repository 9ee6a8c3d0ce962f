import type { Challenge } from "../chat/errors";
import type { ChallengeSolution } from "../validation";

/**
 * The client half of the registration challenge: find a counter whose SHA-256 with the nonce
 * starts with `difficulty` zero bits. WebCrypto, so it runs in the browser and in Node alike.
 */

export function hasLeadingZeroBits(digest: Uint8Array, bits: number): boolean {
  let remaining = bits;
  for (const byte of digest) {
    if (remaining <= 0) return true;
    if (remaining >= 8) {
      if (byte !== 0) return false;
      remaining -= 8;
    } else {
      return byte >> (8 - remaining) === 0;
    }
  }
  return remaining <= 0;
}

export async function solveChallenge(challenge: Challenge): Promise<ChallengeSolution> {
  const encoder = new TextEncoder();
  for (let counter = 0; ; counter++) {
    const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`${challenge.nonce}:${counter}`));
    if (hasLeadingZeroBits(new Uint8Array(digest), challenge.difficulty)) return { token: challenge.token, solution: String(counter) };
  }
}
