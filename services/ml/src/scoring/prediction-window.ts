/** Latencies kept per second per version; past this, a uniform sample of the second's calls. */
const SAMPLES_PER_SECOND = 1000;

type Second = { predictions: number; errors: number; seen: number; latenciesMs: number[] };

export type WindowCounts = { predictions: number; errors: number; latencyP99Ms: number | null };

/**
 * One version's predictions over the trailing `retentionMs`, in one-second buckets: counts,
 * errors, and the latencies of scoring calls (sampled past SAMPLES_PER_SECOND a second) for an
 * exact-enough p99 over any window up to the retention. In memory: each pod reports what it
 * served, as its Prometheus counters do.
 */
export class PredictionWindow {
  readonly #seconds = new Map<number, Second>();
  readonly #retentionMs: number;
  readonly #now: () => number;

  constructor(retentionMs: number, now: () => number = Date.now) {
    this.#retentionMs = retentionMs;
    this.#now = now;
  }

  /** One scoring call: `rows` predictions that took `latencyMs`, all failed or none did. */
  record(rows: number, latencyMs: number, failed: boolean): void {
    const now = this.#now();
    const key = Math.floor(now / 1000);
    let s = this.#seconds.get(key);
    if (!s) {
      s = { predictions: 0, errors: 0, seen: 0, latenciesMs: [] };
      this.#seconds.set(key, s);
      this.#prune(now);
    }
    s.predictions += rows;
    if (failed) s.errors += rows;
    s.seen += 1;
    if (s.latenciesMs.length < SAMPLES_PER_SECOND) s.latenciesMs.push(latencyMs);
    else {
      // Reservoir sampling keeps each call of the second equally likely to be in the sample.
      const at = Math.floor(Math.random() * s.seen);
      if (at < SAMPLES_PER_SECOND) s.latenciesMs[at] = latencyMs;
    }
  }

  /** What the trailing `windowMs` (capped at the retention) holds. */
  counts(windowMs: number): WindowCounts {
    const now = this.#now();
    const from = Math.floor((now - Math.min(windowMs, this.#retentionMs)) / 1000);
    let predictions = 0;
    let errors = 0;
    const latencies: number[] = [];
    for (const [key, s] of this.#seconds) {
      if (key <= from) continue;
      predictions += s.predictions;
      errors += s.errors;
      for (const l of s.latenciesMs) latencies.push(l);
    }
    return { predictions, errors, latencyP99Ms: quantile(latencies, 0.99) };
  }

  #prune(now: number): void {
    const oldest = Math.floor((now - this.#retentionMs) / 1000);
    for (const key of this.#seconds.keys()) if (key <= oldest) this.#seconds.delete(key);
  }
}

/** The nearest-rank quantile (the smallest value with at least q of the values at or below it). */
export const quantile = (values: number[], q: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
};
