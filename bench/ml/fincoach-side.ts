import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  encodeOnnx,
  featurize,
  type LabelledInput,
  loadModelArtifact,
  loadOnnxScorer,
  type Model,
  parseTransactionsCsv,
  predict,
  type Quantization,
  type TransactionRow,
  trainModel,
  writeModel,
} from "@fincoach/categorizer";
import { inRange, type MonthSplit } from "./splits.ts";

const QUANTIZATIONS: readonly Quantization[] = ["fp32", "int8"];

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
  test: LabelledRow[];
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
    test,
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

export type ArtifactVariant = {
  quantization: Quantization;
  bytes: number;
  /** Each test row's pick and its calibrated confidence, as the served file gives them. */
  predicted: string[];
  confidence: number[];
};

/**
 * The split's model as the service ships it: one self-describing `.onnx` file per quantization,
 * loaded from its bytes and scored in batches of `batch` with `score` (pick, alternatives and
 * explanation, as the service answers).
 */
export const scoreArtifacts = async (
  model: Model,
  test: readonly LabelledRow[],
  batch: number,
): Promise<ArtifactVariant[]> => {
  const variants: ArtifactVariant[] = [];
  for (const quantization of QUANTIZATIONS) {
    const bytes = encodeOnnx(model, quantization);
    const artifact = await loadModelArtifact(bytes);
    try {
      const predicted: string[] = [];
      const confidence: number[] = [];
      for (const b of batchesOf(test, batch))
        for (const s of await artifact.score(b, 1)) {
          predicted.push(s.labels[0]!.label);
          confidence.push(s.labels[0]!.confidence);
        }
      variants.push({ quantization, bytes: bytes.length, predicted, confidence });
    } finally {
      await artifact.release();
    }
  }
  return variants;
};

export type ArtifactSpeed = { quantization: Quantization; bytes: number; rowsPerSec: { best: number; all: number[] } };

/** Rows per second of each quantization's `score` over `rows` in batches of `batch`. */
export const artifactSpeed = async (
  model: Model,
  rows: readonly LabelledRow[],
  batch: number,
  passes: number,
): Promise<ArtifactSpeed[]> => {
  const speeds: ArtifactSpeed[] = [];
  const batches = batchesOf(rows, batch);
  for (const quantization of QUANTIZATIONS) {
    const bytes = encodeOnnx(model, quantization);
    const artifact = await loadModelArtifact(bytes);
    try {
      const rowsPerSec = await rowsPerSecond(batches, (b) => artifact.score(b), passes);
      speeds.push({ quantization, bytes: bytes.length, rowsPerSec });
    } finally {
      await artifact.release();
    }
  }
  return speeds;
};

/**
 * Where `score`'s time goes, on the same batches: featurizing alone, then featurizing plus
 * onnxruntime's `session.run` (`loadOnnxScorer`: probabilities only, no top-k or explanation).
 * One onnxruntime thread, as `loadModelArtifact` uses by default.
 */
export const scoreBreakdown = async (
  model: Model,
  rows: readonly LabelledRow[],
  batch: number,
  passes: number,
): Promise<{ featurize: number; featurizeAndRun: number }> => {
  const batches = batchesOf(rows, batch);
  const featurizeOnly = await rowsPerSecond(
    batches,
    async (b) => {
      for (const r of b) featurize(r, model.settings);
    },
    passes,
  );
  const dir = await mkdtemp(join(tmpdir(), "bench-ml-"));
  try {
    await writeModel(dir, model);
    const scorer = await loadOnnxScorer(dir, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    try {
      const run = await rowsPerSecond(batches, (b) => scorer.probabilities(b), passes);
      return { featurize: featurizeOnly.best, featurizeAndRun: run.best };
    } finally {
      await scorer.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
