/**
 * Rows per second of onnxruntime vs the TypeScript reference on the same rows (not a test: a
 * figure for the README). Usage: measure-throughput.ts <model dir> <csv> [batch size]
 */
import { readFileSync } from "node:fs";
import { InferenceSession } from "onnxruntime-node";
import { featurize } from "../featurize.ts";
import { readModel, readOnnxFile } from "../model-directory.ts";
import { probabilities } from "../predict.ts";
import { parseTransactionsCsv } from "../transactions-csv.ts";
import { loadOnnxScorer } from "./onnx-scorer.ts";
import { padRows } from "./pad-rows.ts";

const [dir, csv, batchArg] = process.argv.slice(2);
if (!dir || !csv) throw new Error("usage: measure-throughput.ts <model dir> <csv> [batch size]");
const batch = Number(batchArg ?? 1000);
const rows = parseTransactionsCsv(readFileSync(csv, "utf8"), csv, false);
const model = await readModel(dir);
const scorer = await loadOnnxScorer(dir, { intraOpNumThreads: 1, interOpNumThreads: 1 });

const rate = async (label: string, run: () => unknown) => {
  await run(); // warm-up
  const start = performance.now();
  await run();
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(`${label}: ${Math.round(rows.length / seconds).toLocaleString("en")} rows/s\n`);
};
const batches = Array.from({ length: Math.ceil(rows.length / batch) }, (_, i) =>
  rows.slice(i * batch, (i + 1) * batch),
);

await rate("TypeScript predict's scoring (featurize + sparse dot + softmax)", () => {
  for (const r of rows) probabilities(model, r);
});
await rate(`onnxruntime, batches of ${batch} (featurize in TS + session.run)`, async () => {
  for (const b of batches) await scorer.probabilities(b);
});
const padded = batches.map((b) => padRows(b.map((r) => featurize(r, model.settings))));
const { bytes } = await readOnnxFile(dir);
const bare = await InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
await rate(`onnxruntime session.run alone, batches of ${batch} (featurized beforehand)`, async () => {
  for (const feeds of padded) await bare.run(feeds);
});
await scorer.close();
await bare.release();
