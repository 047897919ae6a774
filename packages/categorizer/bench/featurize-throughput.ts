/**
 * Rows per second of featurizing and of predicting end to end, on the real Birmingham file.
 * Not a test (no timing assertions belong in the suite): run it by hand, see the README.
 *   sh scripts/node.sh packages/categorizer/bench/featurize-throughput.ts [--cpu-prof]
 */
import { defaultFeatureSettings } from "../src/feature-settings.ts";
import { featurize } from "../src/featurize.ts";
import { predict } from "../src/predict.ts";
import { birminghamRows } from "../src/test-support/birmingham.ts";
import { trainModel } from "../src/train-model.ts";

const ROUNDS = 5;
const rows = birminghamRows();

/** Best of `ROUNDS` timed passes over every row, in rows per second (the first pass warms the JIT). */
const rowsPerSecond = (pass: () => void): number => {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    pass();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return rows.length / best;
};

let sink = 0; // keeps the optimizer from discarding the work
const featurizeRate = rowsPerSecond(() => {
  for (const row of rows) sink += featurize(row, defaultFeatureSettings).indices.length;
});
process.stdout.write(`featurize: ${Math.round(featurizeRate).toLocaleString("en")} rows/s (${rows.length} rows)\n`);

const model = trainModel(rows);
const predictRate = rowsPerSecond(() => {
  sink += predict(model, rows).length;
});
process.stdout.write(
  `predict:   ${Math.round(predictRate).toLocaleString("en")} rows/s (${model.labels.length} classes)\n`,
);
if (sink < 0) process.stdout.write(`${sink}\n`);
