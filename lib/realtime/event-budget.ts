/**
 * A token bucket for one socket's incoming events of every kind: `burst` at once, refilled at
 * `perSecond`. In memory on purpose: a socket lives on one instance, and checking it must cost
 * next to nothing, since it runs for every event.
 */
export class EventBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Spends one event; false when the budget is used up. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** How long until the bucket is full again: a client cut off should stay away at least that long. */
  get refillMs(): number {
    return Math.ceil((this.burst / this.perSecond) * 1000);
  }
}
