/**
 * Sends, grouped when they arrive faster than the database answers: at most `maxInFlight` calls
 * run at once; a message arriving while they all run waits for the next call, together with every
 * other message that arrived meanwhile (up to `maxBatch`). Under light load every message goes at
 * once, alone; under heavy load one transaction (one round trip, one commit) carries many, which is
 * what lets PostgreSQL keep up with the embedded SQLite (docs/decisions/0015-postgres-send-path.md).
 */
export class SendBatcher<T, R> {
  private queue: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    /** Stores one batch: one result per item, in order, or a rejection for the whole batch. */
    private readonly runBatch: (items: T[]) => Promise<R[]>,
    /** Stores one item alone: what a failed batch falls back to, so one bad item fails only itself. */
    private readonly runOne: (item: T) => Promise<R>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: SendBatcher<T, R>["queue"]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      await this.runOne(only!.item).then(only!.resolve, only!.reject);
      return;
    }
    let results: R[];
    try {
      results = await this.runBatch(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} answered ${results.length} results`);
    } catch {
      // The whole transaction rolled back: each goes again alone, so only a bad one fails.
      await Promise.all(batch.map((b) => this.runOne(b.item).then(b.resolve, b.reject)));
      return;
    }
    batch.forEach((b, i) => b.resolve(results[i]!));
  }
}
