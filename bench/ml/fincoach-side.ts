import { readFile } from "node:fs/promises";
import {
  type LabelledInput,
  type Model,
  parseTransactionsCsv,
  predict,
  type TransactionRow,
  trainModel,
} from "@fincoach/categorizer";
import { inRange, type MonthSplit } from "./splits.ts";

export type LabelledRow = TransactionRow & LabelledInput;

/** The file's labelled rows (an empty category is unlabelled: neither learned nor scored, on both sides). */
export const readLabelledRows = async (csv: string): Promise<LabelledRow[]> =>
  parseTransactionsCsv(await readFile(csv, "utf8"), csv, true).filter(
    (r): r is LabelledRow => r.category !== undefined,
  );

export const rowsBetween = (rows: readonly LabelledRow[], from: string, to: string): LabelledRow[] =>
  rows.filter((r) => inRange(r.date, from, to));

/** Training with the categorizer's defaults, timed. */
export const timedTrain = (rows: readonly LabelledInput[]): { model: Model; seconds: number } => {
  const started = performance.now();
  const model = trainModel(rows);
  return { model, seconds: (performance.now() - started) / 1000 };
};

export type SplitRun = {
  name: string;
  trainRows: number;
  testRows: number;
  trainSeconds: number;
  truth: string[];
  predicted: string[];
  confidence: number[];
  model: Model;
};

/** Trains on the split's earlier rows and predicts its later ones (the TypeScript reference scoring). */
export const runSplit = (rows: readonly LabelledRow[], split: MonthSplit): SplitRun => {
  const train = rowsBetween(rows, split.trainFrom, split.trainTo);
  const test = rowsBetween(rows, split.testFrom, split.testTo);
  const { model, seconds } = timedTrain(train);
  const predictions = predict(model, test);
  return {
    name: split.name,
    trainRows: train.length,
    testRows: test.length,
    trainSeconds: seconds,
    truth: test.map((r) => r.category),
    predicted: predictions.map((p) => p.category),
    confidence: predictions.map((p) => p.probability),
    model,
  };
};

/** `rows` cut into consecutive batches of `size`. */
export const batchesOf = <T>(rows: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/**
 * Rows per second of `scoreBatch` over every batch, after one warm-up pass over the first two
 * batches; the best of `passes` passes (the machine is shared: the best pass is the one least
 * disturbed by others).
 */
export const rowsPerSecond = async <T>(
  batches: readonly T[][],
  scoreBatch: (batch: T[]) => Promise<unknown>,
  passes = 3,
): Promise<{ best: number; all: number[] }> => {
  for (const b of batches.slice(0, 2)) await scoreBatch(b);
  const rows = batches.reduce((n, b) => n + b.length, 0);
  const all: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const started = performance.now();
    for (const b of batches) await scoreBatch(b);
    all.push(rows / ((performance.now() - started) / 1000));
  }
  return { best: Math.max(...all), all };
};
