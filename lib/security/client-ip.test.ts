import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const request = (forwarded?: string | string[]) => ({
  headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded },
  socket: { remoteAddress: "10.0.0.1" } as Socket,
});

describe("clientIp", () => {
  it("ignores X-Forwarded-For unless proxies are trusted", () => {
    expect(clientIp(request("198.51.100.9"), 0)).toBe("10.0.0.1");
  });

  it("behind one trusted proxy takes the entry that proxy appended, not what the client wrote", () => {
    expect(clientIp(request("198.51.100.9"), 1)).toBe("198.51.100.9");
    expect(clientIp(request("1.2.3.4, 5.6.7.8, 198.51.100.9"), 1)).toBe("198.51.100.9");
    expect(clientIp(request(["1.2.3.4", "198.51.100.9"]), 1)).toBe("198.51.100.9");
  });

  it("behind two trusted proxies skips the entry the inner one appended", () => {
    expect(clientIp(request("1.2.3.4, 198.51.100.9, 203.0.113.5"), 2)).toBe("198.51.100.9");
    expect(clientIp(request("198.51.100.9, 203.0.113.5"), 2)).toBe("198.51.100.9");
    // A shorter list than the hops: all of it came from trusted proxies.
    expect(clientIp(request("203.0.113.5"), 2)).toBe("203.0.113.5");
  });

  it("falls back to the peer when the header is missing or empty", () => {
    expect(clientIp(request(), 1)).toBe("10.0.0.1");
    expect(clientIp(request(" , "), 1)).toBe("10.0.0.1");
  });
});
