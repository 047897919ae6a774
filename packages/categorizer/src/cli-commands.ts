import { readFile, writeFile } from "node:fs/promises";
import { AppError, invalidField } from "@fincoach/errors";
import { stringify } from "csv-stringify/sync";
import { evaluate } from "./metrics.ts";
import { readModel, writeModel } from "./model-directory.ts";
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
  const model = trainModel(learnable, o.seed === undefined ? {} : { seed: o.seed });
  const seconds = (performance.now() - started) / 1000;
  await writeModel(o.out, model);
  const skipped = rows.length - learnable.length;
  return [
    `trained on ${learnable.length} rows (${skipped} without a category skipped), ${model.labels.length} categories,`,
    `${model.training.epochs} epochs, seed ${model.training.seed}, in ${seconds.toFixed(1)} s; model written to ${o.out}`,
  ].join(" ");
};

/** `predict --model <dir> --data <csv> --out <csv>`: one output row per input row, same order. */
export const predictCommand = async (o: { model: string; data: string; out: string }): Promise<string> => {
  const model = await readModel(o.model);
  const rows = await readRows(o.data, false);
  const predictions = predict(model, rows);
  const csv = stringify(
    predictions.map((p) => [p.category, p.probability.toFixed(6)]),
    { header: true, columns: ["category", "confidence"] },
  );
  await writeFile(o.out, csv);
  return `${rows.length} rows categorized into ${o.out}`;
};

/** `eval --model <dir> --data <csv>`: the figures of README's table, for rows that have a category. */
export const evalCommand = async (o: { model: string; data: string }): Promise<string> => {
  const model = await readModel(o.model);
  const rows = await readRows(o.data, true);
  const scored = labelled(rows);
  if (scored.length === 0) throw invalidField(o.data, "has no row with a category to evaluate against");
  const predictions = predict(model, scored);
  const e = evaluate(
    scored.map((r, i) => ({
      truth: r.category,
      predicted: predictions[i]!.category,
      confidence: predictions[i]!.probability,
    })),
  );
  return [
    `rows: ${e.rows} (${rows.length - scored.length} without a category not scored)`,
    `accuracy: ${fixed(e.accuracy)}`,
    `macro-F1: ${fixed(e.macroF1)}`,
    `accuracy of the most confident 80 %: ${fixed(e.accuracyTop80)}`,
    `accuracy of the most confident 50 %: ${fixed(e.accuracyTop50)}`,
  ].join("\n");
};
