import { type Evaluation, evaluate } from "@fincoach/categorizer";
import { fmt } from "../shared/timing.ts";

/** The targets. */
export const TARGETS = {
  trainSeconds: 20,
  batchRowsPerSec: 100_000,
  httpP99Ms: 5,
} as const;

export type Scored = { truth: string; predicted: string; confidence: number };

/** One side's predictions on a split as rows `evaluate` reads (both sides go through the same code). */
export const scoredRows = (truth: readonly string[], predicted: readonly string[], confidence: readonly number[]) => {
  if (truth.length !== predicted.length || truth.length !== confidence.length)
    throw new Error(
      `${truth.length} truths, ${predicted.length} predictions and ${confidence.length} confidences do not line up`,
    );
  return truth.map((t, i): Scored => ({ truth: t, predicted: predicted[i]!, confidence: confidence[i]! }));
};

export const evaluateSide = (truth: readonly string[], predicted: readonly string[], confidence: readonly number[]) =>
  evaluate(scoredRows(truth, predicted, confidence));

export type Verdict = { name: string; pass: boolean; detail: string };

const METRICS = [
  ["accuracy", "accuracy"],
  ["macro-F1", "macroF1"],
  ["accuracy of the most confident 80 %", "accuracyTop80"],
] as const satisfies readonly (readonly [string, keyof Evaluation])[];

/** FinCoach must be strictly ahead of the peer on each metric; a tie is not ahead. */
export const judgeAgainstPeer = (fincoach: Evaluation, peer: Evaluation): Verdict[] =>
  METRICS.map(([label, key]) => {
    const ours = fincoach[key];
    const theirs = peer[key];
    return {
      name: `FinCoach ahead on ${label}`,
      pass: ours > theirs,
      detail: `${ours.toFixed(4)} vs scikit-learn ${theirs.toFixed(4)} (${signed((ours - theirs) * 100)} points)`,
    };
  });

const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(1)}`;

export const judgeAtMost = (name: string, value: number, limit: number, unit: string): Verdict => ({
  name,
  pass: value < limit,
  detail: `${fmt(value, 2)} ${unit} (target < ${fmt(limit)} ${unit})`,
});

export const judgeAtLeast = (name: string, value: number, floor: number, unit: string): Verdict => ({
  name,
  pass: value >= floor,
  detail: `${fmt(value)} ${unit} (target ≥ ${fmt(floor)} ${unit})`,
});

const pad = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");

/** Prints a table: the first column left-aligned, the rest right-aligned. */
export const printTable = (header: string[], rows: string[][]): void => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  console.log(pad(header, widths));
  for (const r of rows) console.log(pad(r, widths));
};

export const printVerdicts = (verdicts: readonly Verdict[]): void => {
  for (const v of verdicts) console.log(`${v.pass ? "PASS" : "FAIL"}  ${v.name}: ${v.detail}`);
};

export type LatencySummary = { count: number; p50Ms: number; p99Ms: number; meanMs: number; maxMs: number };

/** Nearest-rank percentile (the smallest value with at least p of the sample at or below it). */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) throw new Error("no latencies to summarise");
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
};

export const latencySummary = (ms: readonly number[]): LatencySummary => {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    meanMs: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    maxMs: sorted[sorted.length - 1]!,
  };
};
