import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["lib/**/*.test.ts", "db/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["e2e/integration/**/*.test.ts"],
          // Starts one PostgreSQL cluster for the run when CHAT_TEST_DATABASE=postgres, else nothing.
          globalSetup: ["e2e/integration/postgres-global-setup.ts"],
          environment: "node",
          // Each file boots a real server (Next + Socket.IO); two at a time suits a 2-core machine.
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
