import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// Set once in the runner and inherited by its workers, so tests can seed the server's database.
const DATA_DIR = (process.env.E2E_DATA_DIR ??= path.join(tmpdir(), `chat-e2e-${Date.now()}`));
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Debian's Chromium where it is installed (CI here); otherwise Playwright's own browser.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const launchOptions = {
  executablePath: chromiumPath,
  args: chromiumPath
    ? [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ]
    : [],
};

export default defineConfig({
  testDir: "e2e/browser",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions,
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions }, testIgnore: /phone/ },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions }, testMatch: /phone/ },
  ],
  webServer: {
    // The real server.ts on a production build (npm test builds first), with a fresh data folder.
    command: "node --import tsx server.ts",
    url: `${BASE_URL}/login`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      // Tests seed history through the API faster than a person types; limits have their own tests.
      SEND_BURST: "1000",
      SEND_RATE_PER_SEC: "1000",
      // The refetch test renames a group 200 times in a row.
      GROUP_CHANGE_BURST: "1000",
      GROUP_CHANGES_PER_MIN: "1000",
      REGISTER_PER_ADDRESS_PER_HOUR: "100000",
      REGISTER_PER_MINUTE: "100000",
      HASH_QUEUE_LIMIT: "100000",
    },
  },
});
