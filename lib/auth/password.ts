import { randomBytes, timingSafeEqual } from "node:crypto";
import { scryptOffThread, type HashKind } from "./hash-pool";

// scrypt with N=2^15, r=8: 32 MiB and ~50-100 ms per hash, the OWASP floor for scrypt.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(kind: HashKind, password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return scryptOffThread(kind, {
    password: password.normalize("NFKC"),
    salt,
    keyLength: KEY_LENGTH,
    options: { ...params, maxmem: MAX_MEMORY },
  });
}

/**
 * `scrypt$N$r$p$salt$hash`, base64url parts, so parameters can be raised later per hash.
 * ChatError("busy") when too many hashes already wait.
 */
export async function hashPassword(password: string, kind: HashKind = "register"): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(kind, password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** ChatError("busy") when too many checks already wait. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive("sign-in", password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | undefined;

/** Spends the same work as a real check, so an unknown username answers as slowly as a wrong password. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword("not-a-real-password", "sign-in");
  // A refused (busy) first attempt must not be remembered as the dummy hash for good.
  const stored = await dummyHash.catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  await verifyPassword(password, stored);
  return false;
}
