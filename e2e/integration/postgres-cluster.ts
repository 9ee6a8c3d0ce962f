import { afterAll, beforeAll, inject } from "vitest";
import { startPostgres, type RunningPostgres } from "./postgres-harness";

/**
 * A PostgreSQL cluster for this test file: the run's shared one when there is one
 * (CHAT_TEST_DATABASE=postgres), else one of its own, started before the file's tests and stopped
 * after. Returns the cluster's URL, to be read inside tests (after beforeAll).
 */
export function clusterForThisFile(): () => string {
  let own: RunningPostgres | undefined;
  let url = "";
  beforeAll(async () => {
    const shared = inject("postgresUrl");
    if (shared) url = shared;
    else {
      own = await startPostgres();
      url = own.url;
    }
  });
  afterAll(async () => {
    await own?.stop();
  });
  return () => {
    if (!url) throw new Error("the cluster is read before beforeAll ran");
    return url;
  };
}
