import { describe, expect, it } from "vitest";
import { isAllowedOrigin } from "./origin";

describe("isAllowedOrigin", () => {
  const host = { host: "chat.example:3000" };
  it("allows the page's own host when no public URL is configured", () => {
    expect(isAllowedOrigin({ ...host, origin: "http://chat.example:3000" }, null, false)).toBe(true);
    expect(isAllowedOrigin({ ...host, origin: "http://evil.example" }, null, false)).toBe(false);
  });

  it("allows only the public origin in production", () => {
    expect(isAllowedOrigin({ ...host, origin: "https://chat.example" }, "https://chat.example", false)).toBe(true);
    expect(isAllowedOrigin({ ...host, origin: "http://chat.example:3000" }, "https://chat.example", false)).toBe(false);
    expect(isAllowedOrigin({ ...host, origin: "http://chat.example:3000" }, "https://chat.example", true)).toBe(true);
  });

  it("refuses malformed origins and lets origin-less (non-browser) clients through to the session check", () => {
    expect(isAllowedOrigin({ ...host, origin: "null" }, null, false)).toBe(false);
    expect(isAllowedOrigin(host, null, false)).toBe(true);
  });
});
