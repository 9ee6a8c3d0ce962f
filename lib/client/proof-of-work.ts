import type { Challenge } from "../chat/errors";
import type { ChallengeSolution } from "../validation";
import { sha256 } from "@noble/hashes/sha2";

/**
 * The client half of the registration challenge: find a counter whose SHA-256 with the nonce
 * starts with `difficulty` zero bits. WebCrypto, in the browser and in Node alike; plain JS where
 * the page is not a secure context and `crypto.subtle` is missing.
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
  const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  const digest = subtle
    ? async (bytes: Uint8Array<ArrayBuffer>) => new Uint8Array(await subtle.digest("SHA-256", bytes))
    : (bytes: Uint8Array<ArrayBuffer>) => Promise.resolve(sha256(bytes));
  for (let counter = 0; ; counter++) {
    const hash = await digest(encoder.encode(`${challenge.nonce}:${counter}`));
    if (hasLeadingZeroBits(hash, challenge.difficulty)) return { token: challenge.token, solution: String(counter) };
  }
}
