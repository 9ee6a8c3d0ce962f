import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256 } from "./sha256";

describe("sha256 fallback", () => {
  it("matches node:crypto on empty, block-boundary and random inputs", () => {
    const inputs = [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000].map((n) => randomBytes(n));
    for (const input of inputs) {
      expect(Buffer.from(sha256(input)).toString("hex")).toBe(createHash("sha256").update(input).digest("hex"));
    }
  });
});
