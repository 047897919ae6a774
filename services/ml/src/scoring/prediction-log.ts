import { versionKey } from "../registry/version-ref.ts";
import type { MlMetrics } from "./ml-metrics.ts";
import { PredictionWindow, type WindowCounts } from "./prediction-window.ts";

/**
 * Every scoring call's outcome per (model, version), in both places it is read from: the
 * Prometheus metrics (the operator's Prometheus stats source) and the in-process window
 * (the stats endpoint). A prediction is one row; latency is the scoring call's.
 */
export class PredictionLog {
  readonly #windows = new Map<string, PredictionWindow>();
  readonly #metrics: MlMetrics;
  readonly #retentionMs: number;
  readonly #now: (() => number) | undefined;

  constructor(metrics: MlMetrics, retentionMs: number, now?: () => number) {
    this.#metrics = metrics;
    this.#retentionMs = retentionMs;
    this.#now = now;
  }

  record(version: { model: string; version: string }, rows: number, latencyMs: number, failed: boolean): void {
    const labels = { model: version.model, version: version.version };
    this.#metrics.predictions.inc(labels, rows);
    if (failed) this.#metrics.errors.inc(labels, rows);
    this.#metrics.latency.observe(labels, latencyMs / 1000);
    const key = versionKey(version);
    let window = this.#windows.get(key);
    if (!window) {
      window = new PredictionWindow(this.#retentionMs, this.#now);
      this.#windows.set(key, window);
    }
    window.record(rows, latencyMs, failed);
  }

  counts(version: { model: string; version: string }, windowMs: number): WindowCounts {
    return (
      this.#windows.get(versionKey(version))?.counts(windowMs) ?? { predictions: 0, errors: 0, latencyP99Ms: null }
    );
  }

  get retentionMs(): number {
    return this.#retentionMs;
  }
}
