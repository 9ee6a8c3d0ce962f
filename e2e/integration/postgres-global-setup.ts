// One PostgreSQL cluster for the whole integration run, only when the run is asked to use
// PostgreSQL (CHAT_TEST_DATABASE=postgres). Test files get its URL with inject("postgresUrl") and
// make their own database on it with createDatabase(url) from ./postgres-harness.
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-harness";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set only when CHAT_TEST_DATABASE=postgres. */
    postgresUrl?: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.CHAT_TEST_DATABASE !== "postgres") return undefined;
  const cluster = await startPostgres();
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}
