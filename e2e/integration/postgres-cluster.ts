import { afterAll, beforeAll, inject } from "vitest";
import { startPostgres, type RunningPostgres } from "./postgres-harness";

/**
 * A PostgreSQL cluster for this test file: the run's shared one when there is one
 * (CHAT_TEST_DATABASE=postgres), else one of its own, started before the file's tests and stopped
 * after. Returns the cluster's URL, to be read inside tests (after beforeAll).
 *
 * `own: true` always starts one: for tests that hold a writing transaction open on purpose. An
 * open writing transaction holds back every catch-up on the cluster (decision 0013), so on the
 * shared cluster it would stall the test files running beside it.
 */
export function clusterForThisFile({ own: alwaysOwn = false }: { own?: boolean } = {}): () => string {
  let own: RunningPostgres | undefined;
  let url = "";
  beforeAll(async () => {
    const shared = alwaysOwn ? undefined : inject("postgresUrl");
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
