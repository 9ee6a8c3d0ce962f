import { describe, expect, it } from "vitest";
import { gateRequest, isCrossSiteWrite } from "./request-gate";

const host = { host: "chat.example:3000" };
const options = { publicOrigin: null, dev: false };

describe("isCrossSiteWrite", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(isCrossSiteWrite(method, { ...host, origin: "https://evil.example" }, null, false)).toBe(false);
    }
  });

  it("refuses a write naming another origin, a null origin, or another site", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(isCrossSiteWrite(method, { ...host, origin: "https://evil.example" }, null, false)).toBe(true);
      expect(isCrossSiteWrite(method, { ...host, origin: "null" }, null, false)).toBe(true);
      expect(isCrossSiteWrite(method, { ...host, "sec-fetch-site": "cross-site" }, null, false)).toBe(true);
      expect(isCrossSiteWrite(method, { ...host, "sec-fetch-site": "same-site" }, null, false)).toBe(true);
    }
  });

  it("accepts our own origin, a same-origin fetch, and scripts that send neither header", () => {
    expect(isCrossSiteWrite("POST", { ...host, origin: "http://chat.example:3000" }, null, false)).toBe(false);
    expect(isCrossSiteWrite("POST", { ...host, "sec-fetch-site": "same-origin" }, null, false)).toBe(false);
    expect(isCrossSiteWrite("POST", host, null, false)).toBe(false);
  });

  it("with a public URL, accepts only that origin in production", () => {
    expect(isCrossSiteWrite("POST", { ...host, origin: "https://chat.example" }, "https://chat.example", false)).toBe(false);
    expect(isCrossSiteWrite("POST", { ...host, origin: "http://chat.example:3000" }, "https://chat.example", false)).toBe(true);
  });
});

describe("gateRequest", () => {
  it("answers a malformed percent-encoding in an API path with 400", () => {
    expect(gateRequest("GET", "/api/conversations/%E0%A4%A/messages", host, options)).toMatchObject({ status: 400, code: "invalid" });
    expect(gateRequest("GET", "/api/conversations/%ZZ", host, options)).toMatchObject({ status: 400 });
    expect(gateRequest("GET", "/api/conversations/1/messages?before=%ZZ", host, options)).toBeNull();
    expect(gateRequest("GET", "/api/users", host, options)).toBeNull();
  });

  it("refuses a cross-site write with 403 before anything else", () => {
    expect(gateRequest("POST", "/api/groups", { ...host, origin: "https://evil.example" }, options)).toMatchObject({ status: 403, code: "forbidden" });
  });
});
