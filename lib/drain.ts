/** How long a client should wait before retrying work refused while this instance stops. */
export const DRAIN_RETRY_MS = 1000;

/**
 * In-flight work of this instance (socket events and HTTP requests), so that stopping can wait for
 * it: once `stop()` is called, new work is refused as `busy` (clients retry, on another instance or
 * after the restart) and `stop()` resolves when everything already started has settled. A send that
 * began before SIGTERM is stored and acknowledged; none is cut between its commit and its ack.
 */
export class Drain {
  private inflight = 0;
  private stopping = false;
  private idle: (() => void)[] = [];

  get draining(): boolean {
    return this.stopping;
  }

  /** Counts one piece of work; null (take no work) once stopping. Call the result exactly once. */
  enter(): (() => void) | null {
    if (this.stopping) return null;
    this.inflight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inflight--;
      if (this.inflight === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
  }

  /** Refuses new work from now on; resolves once the work already running has settled. */
  stop(): Promise<void> {
    this.stopping = true;
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
