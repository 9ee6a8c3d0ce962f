import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Challenge } from "../chat/errors";
import { hasLeadingZeroBits } from "../client/proof-of-work";
import type { ChallengeSolution } from "../validation";

/**
 * Stateless proof of work for sign-ups from a busy address: the token is signed with the auth
 * secret, so any instance can check it without storing anything. It is bound to the address and
 * username it was issued for, so one solution cannot be replayed to create other accounts.
 */

/** ~16k SHA-256 on average: about 100-300 ms of WebCrypto in a browser, nothing for the server to check. */
export const CHALLENGE_DIFFICULTY = 14;
const LIFETIME_MS = 5 * 60 * 1000;

interface Subject {
  ip: string;
  username: string;
}

function sign(secret: string, nonce: string, difficulty: number, expiresAt: number, subject: Subject): string {
  return createHmac("sha256", secret)
    .update(["register-challenge", nonce, difficulty, expiresAt, subject.ip, subject.username].join("\n"))
    .digest("base64url");
}

export function issueChallenge(secret: string, subject: Subject, now = Date.now()): Challenge {
  const nonce = randomBytes(16).toString("base64url");
  const expiresAt = now + LIFETIME_MS;
  const signature = sign(secret, nonce, CHALLENGE_DIFFICULTY, expiresAt, subject);
  return { token: [nonce, CHALLENGE_DIFFICULTY, expiresAt, signature].join("."), nonce, difficulty: CHALLENGE_DIFFICULTY };
}

/** True when the token is ours, unexpired, for this address and name, and the work was done. */
export function checkSolution(secret: string, answer: ChallengeSolution, subject: Subject, now = Date.now()): boolean {
  const [nonce, difficultyText, expiresText, signature] = answer.token.split(".");
  if (!nonce || !difficultyText || !expiresText || !signature) return false;
  const difficulty = Number(difficultyText);
  const expiresAt = Number(expiresText);
  if (!Number.isInteger(difficulty) || !Number.isInteger(expiresAt) || expiresAt < now) return false;
  // The difficulty is signed too, but never accept less than today's.
  if (difficulty < CHALLENGE_DIFFICULTY) return false;
  const expected = Buffer.from(sign(secret, nonce, difficulty, expiresAt, subject));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const digest = createHash("sha256").update(`${nonce}:${answer.solution}`).digest();
  return hasLeadingZeroBits(digest, difficulty);
}
