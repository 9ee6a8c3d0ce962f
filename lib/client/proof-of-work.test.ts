import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2";
import { hasLeadingZeroBits } from "./proof-of-work";

describe("proof of work", () => {
  it("counts leading zero bits", () => {
    expect(hasLeadingZeroBits(new Uint8Array([0, 0x0f, 0xff]), 12)).toBe(true);
    expect(hasLeadingZeroBits(new Uint8Array([0, 0x1f, 0xff]), 12)).toBe(false);
    expect(hasLeadingZeroBits(new Uint8Array([0, 0]), 16)).toBe(true);
  });

  it("hashes in the fallback exactly as the server checks", () => {
    const input = new TextEncoder().encode("nonce:42");
    expect(Buffer.from(sha256(input)).toString("hex")).toBe(createHash("sha256").update(input).digest("hex"));
  });
});
