/**
 * A token bucket refilled at `qps` tokens a second up to `burst`. `reserve` always grants a
 * token and says how long to wait for it (tokens go negative, like Go's rate.Limiter
 * Reserve), so callers schedule work instead of polling.
 */
export class TokenBucket {
  readonly #qps: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;

  constructor(options: { qps: number; burst: number; now: number }) {
    if (!(options.qps > 0) || !(options.burst >= 1)) throw new Error("TokenBucket: qps must be > 0 and burst >= 1");
    this.#qps = options.qps;
    this.#burst = options.burst;
    this.#tokens = options.burst;
    this.#last = options.now;
  }

  /** Takes one token; returns the milliseconds until it is really available (0 = now). */
  reserve(now: number): number {
    const elapsed = Math.max(0, now - this.#last);
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.#qps) / 1000);
    this.#last = Math.max(this.#last, now);
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens * 1000) / this.#qps);
  }
}
