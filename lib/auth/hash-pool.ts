import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ChatError } from "../chat/errors";

/**
 * scrypt on dedicated threads (docs/decisions/0008). `crypto.scrypt` runs on libuv's 4-thread pool,
 * which session decryption (WebCrypto), file reads and DNS also queue on: a few sign-ups in flight
 * stalled every signed-in request. Here each worker runs `scryptSync`, which blocks only itself.
 *
 * Waiting jobs are capped per kind, so a flood is refused (busy, 503) rather than queued for
 * minutes, and sign-ins are served before registrations so a sign-up flood cannot starve them.
 */
export type HashKind = "sign-in" | "register";

export interface ScryptJob {
  password: string;
  salt: Buffer;
  keyLength: number;
  options: { N: number; r: number; p: number; maxmem: number };
}


// Plain CommonJS evaluated in the worker: no file to locate inside Next's bundles. On Linux,
// setPriority(0) renices only the calling thread: when cores are short, the event loop goes first.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
try { require("node:os").setPriority(0, 10); } catch {}
parentPort.on("message", ({ password, salt, keyLength, options }) => {
  try {
    parentPort.postMessage({ key: scryptSync(password, salt, keyLength, options) });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});
`;

interface Pending extends ScryptJob {
  resolve(key: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
  startedAt: number;
}

class HashPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Record<HashKind, Pending[]> = { "sign-in": [], register: [] };
  /** Moving average of one hash, to tell a refused caller roughly when a thread frees up. */
  private averageMs = 100;

  /**
   * @param maxWaiting how many jobs of each kind may wait for a thread; beyond that the caller is
   * told to come back.
   */
  constructor(
    private readonly size: number,
    private readonly maxWaiting: Record<HashKind, number>,
  ) {}

  /** When a job of this kind would be refused now: how long until trying again can succeed. */
  refusal(kind: HashKind): number | null {
    if (this.slots.some((slot) => slot.job === null) || this.slots.length < this.size) return null;
    return this.waiting[kind].length >= this.maxWaiting[kind] ? this.retryAfterMs() : null;
  }

  run(kind: HashKind, job: ScryptJob): Promise<Buffer> {
    const queue = this.waiting[kind];
    const idle = this.idleSlot();
    return new Promise<Buffer>((resolve, reject) => {
      const pending: Pending = { ...job, resolve, reject };
      if (idle) this.start(idle, pending);
      else queue.push(pending);
    });
  }

  private idleSlot(): Slot | undefined {
    const idle = this.slots.find((slot) => slot.job === null);
    if (idle || this.slots.length >= this.size) return idle;
    const slot: Slot = { worker: this.spawn(), job: null, startedAt: 0 };
    this.slots.push(slot);
    this.listen(slot);
    return slot;
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, name: "scrypt" });
    // An idle pool must not keep the process alive at shutdown.
    worker.unref();
    return worker;
  }

  private listen(slot: Slot): void {
    slot.worker.on("message", (answer: { key?: Uint8Array; error?: string }) => {
      const job = slot.job;
      if (!job) return;
      this.averageMs = this.averageMs * 0.8 + (performance.now() - slot.startedAt) * 0.2;
      if (answer.key) job.resolve(Buffer.from(answer.key.buffer, answer.key.byteOffset, answer.key.byteLength));
      else job.reject(new Error(answer.error ?? "scrypt failed"));
      this.next(slot);
    });
    slot.worker.on("error", (error) => this.replace(slot, error));
    slot.worker.on("exit", (code) => this.replace(slot, new Error(`scrypt worker exited with ${code}`)));
  }

  /** A crashed worker fails its own job only; a fresh one takes its place for the rest. */
  private replace(slot: Slot, error: Error): void {
    if (!this.slots.includes(slot)) return;
    slot.job?.reject(error);
    slot.job = null;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slot.worker = this.spawn();
    this.listen(slot);
    this.next(slot);
  }

  private start(slot: Slot, job: Pending): void {
    slot.job = job;
    slot.startedAt = performance.now();
    const { password, salt, keyLength, options } = job;
    slot.worker.postMessage({ password, salt, keyLength, options });
  }

  private next(slot: Slot): void {
    slot.job = null;
    const job = this.waiting["sign-in"].shift() ?? this.waiting.register.shift();
    if (job) this.start(slot, job);
  }

  private retryAfterMs(): number {
    const queued = this.waiting["sign-in"].length + this.waiting.register.length + this.slots.length;
    return Math.max(1000, Math.ceil((this.averageMs * queued) / this.size));
  }
}

/**
 * One thread on a 2-core machine, so the event loop keeps a core; at most 4. Kept on globalThis:
 * server.ts and Next's bundles are separate module graphs but must share one pool.
 */
const POOL_KEY = Symbol.for("chat.hashPool");
const LIMIT_KEY = Symbol.for("chat.hashQueueLimit");
type PoolGlobal = { [POOL_KEY]?: HashPool; [LIMIT_KEY]?: number };

/** Sets HASH_QUEUE_LIMIT before the first hash (getServices does); 16 otherwise. */
export function configureHashPool(queueLimit: number): void {
  (globalThis as PoolGlobal)[LIMIT_KEY] = queueLimit;
}

export function scryptOffThread(kind: HashKind, job: ScryptJob): Promise<Buffer> {
  const g = globalThis as PoolGlobal;
  if (!g[POOL_KEY]) {
    const limit = g[LIMIT_KEY] ?? 16;
    g[POOL_KEY] = new HashPool(Math.max(1, Math.min(4, availableParallelism() - 1)), {
      "sign-in": limit,
      register: Math.max(1, Math.floor(limit / 4)),
    });
  }
  // The refusal is made here, not in the pool: the pool may come from another of Next's bundles,
  // whose ChatError class is a different one, and callers check with instanceof.
  const retryAfterMs = g[POOL_KEY].refusal(kind);
  if (retryAfterMs !== null) {
    return Promise.reject(new ChatError("busy", "The server is busy: try again in a moment", undefined, retryAfterMs));
  }
  return g[POOL_KEY].run(kind, job);
}
