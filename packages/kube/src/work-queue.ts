import { exponentialBackoff } from "./backoff.ts";
import { type Clock, systemClock, type TimerHandle } from "./clock.ts";
import { DelayHeap } from "./delay-heap.ts";
import type { QueueMetrics } from "./queue-metrics.ts";
import { TokenBucket } from "./token-bucket.ts";

const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a reconcile asks of the queue; nothing (or `{}`) means "done, forget the key". */
export type ReconcileResult = {
  /** Process the key again after this many ms (resets its failure backoff). */
  requeueAfterMs?: number;
  /** Process the key again with rate-limited backoff. */
  requeue?: boolean;
};

/** What a reconcile may resolve to: a {@link ReconcileResult}, or nothing for "done". */
// biome-ignore lint/suspicious/noConfusingVoidType: lets `async () => {}` reconcilers type-check too
export type ReconcileOutcome = ReconcileResult | undefined | void;

/** Options of {@link WorkQueue}; the defaults are controller-runtime's. */
export type WorkQueueOptions = {
  /** Per-key delay for the n-th consecutive failure. @default 5 ms doubling to 1000 s */
  backoff?: (attempt: number) => number;
  /** Overall retry rate cap, shared by all keys. @default 10 */
  qps?: number;
  /** Bucket size of the overall cap. @default 100 */
  burst?: number;
  clock?: Clock;
  metrics?: QueueMetrics;
};

/**
 * A work queue of string keys with client-go's guarantees: a key queued many times before a
 * worker takes it is processed once; a key is never handed to two workers at once (re-added
 * while processing, it is queued again when `done`); retries back off per key
 * (`addRateLimited`, reset by `forget`) under a global token-bucket cap (the slower of the
 * two wins, like client-go's MaxOfRateLimiter); `addAfter` delays keep the earliest time.
 */
export class WorkQueue<K extends string = string> {
  readonly #clock: Clock;
  readonly #backoff: (attempt: number) => number;
  readonly #bucket: TokenBucket;
  readonly #metrics: QueueMetrics;
  #queue: K[] = [];
  readonly #dirty = new Map<K, number>(); // key -> time it was added, for queue latency
  readonly #processing = new Set<K>();
  // Delayed keys, and the one timer set for the earliest of them.
  readonly #waiting = new DelayHeap<K>();
  #timer: { at: number; handle: TimerHandle } | undefined;
  readonly #failures = new Map<K, number>();
  #getters: Array<() => void> = [];
  #idle: Array<() => void> = [];
  #shuttingDown = false;
  #draining = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#backoff = options.backoff ?? exponentialBackoff({ baseMs: 5, maxMs: 1_000_000 });
    this.#bucket = new TokenBucket({ qps: options.qps ?? 10, burst: options.burst ?? 100, now: this.#clock.now() });
    this.#metrics = options.metrics ?? {};
  }

  /** Queues `key` unless it is already queued; ignored after shutdown. */
  add(key: K): void {
    if (this.#shuttingDown) return;
    this.#metrics.add?.();
    if (this.#dirty.has(key)) return;
    this.#dirty.set(key, this.#clock.now());
    if (this.#processing.has(key)) return;
    this.#queue.push(key);
    this.#metrics.depth?.(this.#queue.length);
    this.#getters.shift()?.();
  }

  /** Queues `key` after `ms`; when it is already waiting, the earlier time wins. */
  addAfter(key: K, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + ms;
    const existing = this.#waiting.dueAt(key);
    if (existing !== undefined && existing <= at) return;
    this.#waiting.set(key, at);
    this.#armTimer();
  }

  // Keeps the one timer aimed at the earliest waiting key.
  #armTimer(): void {
    const at = this.#waiting.peekAt();
    if (this.#timer && this.#timer.at === at) return;
    if (this.#timer) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
    if (at === undefined) return;
    const handle = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        for (const key of this.#waiting.popDue(this.#clock.now())) this.add(key);
        this.#armTimer();
      },
      // Node turns a delay past 2^31 - 1 ms into 1 ms: a far-off key (a yearly schedule's
      // next run) is reached in steps instead.
      Math.min(MAX_TIMER_MS, Math.max(0, at - this.#clock.now())),
    );
    this.#timer = { at, handle };
  }

  /** Queues `key` after its backoff (which grows with each call) or the global cap's wait. */
  addRateLimited(key: K): void {
    if (this.#shuttingDown) return;
    const attempt = this.#failures.get(key) ?? 0;
    this.#failures.set(key, attempt + 1);
    this.#metrics.retry?.();
    this.addAfter(key, Math.max(this.#backoff(attempt), this.#bucket.reserve(this.#clock.now())));
  }

  /** Clears the key's failure count (call after a success). */
  forget(key: K): void {
    this.#failures.delete(key);
  }

  /** How many times `key` was re-queued with backoff since its last `forget`. */
  numRequeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }

  /** Keys ready for a worker (not counting those waiting for their delay). */
  len(): number {
    return this.#queue.length;
  }

  isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /**
   * The next key, marked as processing until `done(key)`; waits while the queue is empty.
   * Resolves `undefined` once the queue is shut down (after draining, with `shutDownWithDrain`).
   */
  async get(): Promise<K | undefined> {
    for (;;) {
      if (this.#shuttingDown && (!this.#draining || this.#queue.length === 0)) return undefined;
      const key = this.#queue.shift();
      if (key !== undefined) return this.#take(key);
      await new Promise<void>((resolve) => this.#getters.push(resolve));
    }
  }

  /** Marks `key` processed; if it was added meanwhile, it goes back in the queue. */
  done(key: K): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key) && !this.#shuttingDown) {
      this.#queue.push(key);
      this.#metrics.depth?.(this.#queue.length);
      this.#getters.shift()?.();
    }
    if (this.#processing.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Stops at once: no new adds, delayed adds cancelled, `get` resolves `undefined`. */
  shutDown(): void {
    this.#shuttingDown = true;
    if (this.#timer) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
    this.#waiting.clear();
    for (const resolve of this.#getters.splice(0)) resolve();
  }

  /** Stops accepting adds, lets workers finish what is queued and in flight, then resolves. */
  async shutDownWithDrain(): Promise<void> {
    this.#draining = true;
    this.shutDown();
    while (this.#queue.length > 0 || this.#processing.size > 0) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
  }

  /**
   * Runs `workers` loops taking keys and calling `reconcile`: a result with `requeueAfterMs`
   * re-queues after that delay, `requeue` or a throw re-queues with backoff (`onError` sees
   * the error), anything else forgets the key. Resolves when the queue is shut down and
   * every worker has finished its key.
   */
  async runWorkers(
    workers: number,
    reconcile: (key: K) => Promise<ReconcileOutcome>,
    onError?: (key: K, error: unknown) => void,
  ): Promise<void> {
    const loop = async () => {
      for (let key = await this.get(); key !== undefined; key = await this.get()) {
        await this.#process(key, reconcile, onError);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, workers) }, loop));
  }

  async #process(
    key: K,
    reconcile: (key: K) => Promise<ReconcileOutcome>,
    onError?: (key: K, error: unknown) => void,
  ): Promise<void> {
    const started = this.#clock.now();
    try {
      const result = await reconcile(key);
      if (result?.requeueAfterMs !== undefined && result.requeueAfterMs >= 0) {
        this.forget(key);
        this.addAfter(key, result.requeueAfterMs);
      } else if (result?.requeue) this.addRateLimited(key);
      else this.forget(key);
    } catch (error) {
      onError?.(key, error);
      this.addRateLimited(key);
    } finally {
      this.#metrics.workDuration?.((this.#clock.now() - started) / 1000);
      this.done(key);
    }
  }

  #take(key: K): K {
    const addedAt = this.#dirty.get(key);
    this.#dirty.delete(key);
    this.#processing.add(key);
    this.#metrics.depth?.(this.#queue.length);
    if (addedAt !== undefined) this.#metrics.queueLatency?.((this.#clock.now() - addedAt) / 1000);
    return key;
  }
}
