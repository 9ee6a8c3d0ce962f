import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const freshDir = () => mkdtempSync(path.join(tmpdir(), "chat-config-"));

describe("parseConfig", () => {
  it("runs with no configuration, generating and keeping a private auth secret", () => {
    const dir = freshDir();
    const first = parseConfig({ DATA_DIR: dir });
    expect(first).toMatchObject({ port: 3000, dataDir: dir, databaseFile: path.join(dir, "chat.db"), redisUrl: null });
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, "auth-secret");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(first.authSecret);
    expect(parseConfig({ DATA_DIR: dir }).authSecret).toBe(first.authSecret);
  });

  it("fails fast with a message naming each bad variable", () => {
    expect(() => parseConfig({ DATA_DIR: freshDir(), PORT: "http", REDIS_URL: "ftp://x" })).toThrow(ConfigError);
    expect(() => parseConfig({ DATA_DIR: freshDir(), PORT: "http" })).toThrow(/PORT/);
    expect(() => parseConfig({ DATA_DIR: freshDir(), AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });

  it("uses secure cookies and a fixed origin behind an https public URL", () => {
    const config = parseConfig({ DATA_DIR: freshDir(), PUBLIC_URL: "https://chat.example/some/path" });
    expect(config).toMatchObject({ publicOrigin: "https://chat.example", secureCookies: true });
  });
});

describe("DATABASE_URL", () => {
  const secret = "s".repeat(32);

  it("takes a postgres:// or postgresql:// URL and a pool size (10 by default); none keeps SQLite", () => {
    expect(parseConfig({ DATA_DIR: freshDir() })).toMatchObject({ databaseUrl: null, databasePoolSize: 10 });
    const url = "postgres://chat@db.internal:5432/chat";
    expect(parseConfig({ DATA_DIR: freshDir(), DATABASE_URL: url, AUTH_SECRET: secret })).toMatchObject({ databaseUrl: url, databasePoolSize: 10 });
    const other = "postgresql://chat@db.internal/chat";
    expect(parseConfig({ DATA_DIR: freshDir(), DATABASE_URL: other, AUTH_SECRET: secret, DATABASE_POOL_SIZE: "25" })).toMatchObject({
      databaseUrl: other,
      databasePoolSize: 25,
    });
  });

  it("refuses other URLs, a bad pool size, and a missing AUTH_SECRET", () => {
    expect(() => parseConfig({ DATA_DIR: freshDir(), DATABASE_URL: "mysql://x/y", AUTH_SECRET: secret })).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ DATA_DIR: freshDir(), DATABASE_URL: "postgres://x/y", AUTH_SECRET: secret, DATABASE_POOL_SIZE: "0" })).toThrow(
      /DATABASE_POOL_SIZE/,
    );
    const dir = freshDir();
    expect(() => parseConfig({ DATA_DIR: dir, DATABASE_URL: "postgres://x/y" })).toThrow(/AUTH_SECRET must be set when DATABASE_URL is/);
    // Not even a generated one: it would be this instance's alone.
    expect(existsSync(path.join(dir, "auth-secret"))).toBe(false);
  });
});

describe("TRUST_PROXY", () => {
  it("reads a number of trusted hops and still accepts true and false", () => {
    const hops = (value: string) => parseConfig({ DATA_DIR: freshDir(), TRUST_PROXY: value }).trustedProxyHops;
    expect([hops("0"), hops("false"), hops("1"), hops("true"), hops("2")]).toEqual([0, 0, 1, 1, 2]);
    expect(() => parseConfig({ DATA_DIR: freshDir(), TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
  });
});
