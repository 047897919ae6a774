import { readFile, writeFile } from "node:fs/promises";
import { AppError, invalidField } from "@fincoach/errors";
import { stringify } from "csv-stringify/sync";
import type { FeatureInput } from "./featurize.ts";
import { evaluate } from "./metrics.ts";
import { readModel, readOnnxFile, writeModel } from "./model-directory.ts";
import type { Quantization } from "./onnx/artifact-metadata.ts";
import { loadModelArtifact } from "./onnx/model-artifact.ts";
import { predict } from "./predict.ts";
import { type LabelledInput, trainModel } from "./train-model.ts";
import { parseTransactionsCsv, type TransactionRow } from "./transactions-csv.ts";

const readRows = async (path: string, requireCategory: boolean): Promise<TransactionRow[]> => {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new AppError("NOT_FOUND", `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`, {
      cause: e,
    });
  }
  return parseTransactionsCsv(text, path, requireCategory);
};

type LabelledRow = TransactionRow & LabelledInput;
const labelled = (rows: TransactionRow[]): LabelledRow[] =>
  rows.filter((r): r is LabelledRow => r.category !== undefined);

const fixed = (x: number) => x.toFixed(4);

/** `train --data <csv> --out <dir> [--seed N]`: rows with an empty category are counted, not learned. */
export const trainCommand = async (o: { data: string; out: string; seed?: number | undefined }): Promise<string> => {
  const rows = await readRows(o.data, true);
  const learnable = labelled(rows);
  if (learnable.length === 0) throw invalidField(o.data, "has no row with a category to learn from");
  const started = performance.now();
  const trained = trainModel(learnable, o.seed === undefined ? {} : { seed: o.seed });
  const seconds = (performance.now() - started) / 1000;
  // The clock goes into model.json only: the ONNX files stay byte-identical for the same data and seed.
  const model = { ...trained, training: { ...trained.training, seconds: Math.round(seconds * 100) / 100 } };
  await writeModel(o.out, model);
  const skipped = rows.length - learnable.length;
  const c = model.training.calibration;
  return [
    `trained on ${learnable.length} rows (${skipped} without a category skipped), ${model.labels.length} categories,`,
    `${model.training.epochs} epochs, seed ${model.training.seed}, in ${seconds.toFixed(1)} s;`,
    c
      ? `temperature ${model.temperature.toFixed(3)} fitted on the latest ${c.heldOutRows} rows (held-out accuracy ${fixed(c.heldOutAccuracy)}, ECE ${fixed(c.eceBefore)} -> ${fixed(c.eceAfter)});`
      : "too few rows to hold some out for calibration (temperature 1);",
    `model written to ${o.out} (model.onnx, model.int8.onnx)`,
  ].join(" ");
};

type Scored = { category: string; confidence: number };

type Scorer = { score: (rows: readonly FeatureInput[]) => Promise<Scored[]>; close: () => Promise<void> };

/**
 * The TypeScript reference on weights.bin, or the directory's ONNX file of that quantization served
 * as the ML service serves it (`loadModelArtifact`, batches of 1,000). Opened before the data is
 * read, so a bad model directory is the error reported.
 */
const openScorer = async (dir: string, quantization?: Quantization): Promise<Scorer> => {
  if (quantization === undefined) {
    const model = await readModel(dir);
    return {
      score: async (rows) => predict(model, rows).map((p) => ({ category: p.category, confidence: p.probability })),
      close: async () => {},
    };
  }
  const artifact = await loadModelArtifact((await readOnnxFile(dir, quantization)).bytes);
  return {
    score: async (rows) => {
      const scored: Scored[] = [];
      for (let i = 0; i < rows.length; i += 1000)
        for (const r of await artifact.score(rows.slice(i, i + 1000), 1))
          scored.push({ category: r.labels[0]!.label, confidence: r.labels[0]!.confidence });
      return scored;
    },
    close: () => artifact.release(),
  };
};

/** Runs `use` with the scorer open, releasing it however `use` ends. */
const withScorer = async <T>(dir: string, quantization: Quantization | undefined, use: (s: Scorer) => Promise<T>) => {
  const scorer = await openScorer(dir, quantization);
  try {
    return await use(scorer);
  } finally {
    await scorer.close();
  }
};

/** `predict --model <dir> --data <csv> --out <csv> [--quantization q]`: one output row per input row, same order. */
export const predictCommand = async (o: {
  model: string;
  data: string;
  out: string;
  quantization?: Quantization | undefined;
}): Promise<string> => {
  return withScorer(o.model, o.quantization, async (scorer) => {
    const rows = await readRows(o.data, false);
    const predictions = await scorer.score(rows);
    const csv = stringify(
      predictions.map((p) => [p.category, p.confidence.toFixed(6)]),
      { header: true, columns: ["category", "confidence"] },
    );
    await writeFile(o.out, csv);
    return `${rows.length} rows categorized into ${o.out}`;
  });
};

/** `eval --model <dir> --data <csv> [--quantization q]`: the figures of README's table, for rows that have a category. */
export const evalCommand = async (o: {
  model: string;
  data: string;
  quantization?: Quantization | undefined;
}): Promise<string> => {
  const { rows, scored, predictions } = await withScorer(o.model, o.quantization, async (scorer) => {
    const rows = await readRows(o.data, true);
    const scored = labelled(rows);
    if (scored.length === 0) throw invalidField(o.data, "has no row with a category to evaluate against");
    return { rows, scored, predictions: await scorer.score(scored) };
  });
  const e = evaluate(
    scored.map((r, i) => ({
      truth: r.category,
      predicted: predictions[i]!.category,
      confidence: predictions[i]!.confidence,
    })),
  );
  return [
    `rows: ${e.rows} (${rows.length - scored.length} without a category not scored)`,
    `accuracy: ${fixed(e.accuracy)}`,
    `macro-F1: ${fixed(e.macroF1)}`,
    `accuracy of the most confident 80 %: ${fixed(e.accuracyTop80)}`,
    `accuracy of the most confident 50 %: ${fixed(e.accuracyTop50)}`,
    `expected calibration error (15 bins): ${fixed(e.ece)}`,
  ].join("\n");
};
