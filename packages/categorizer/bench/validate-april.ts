/**
 * Chooses training settings without looking at the benchmark's test months: trains on the
 * Birmingham rows before 2017-04-01 (December to March, calibration included, exactly as
 * `trainModel` does) and validates on April 2017, for each candidate setting. May and June are
 * never read. Not a test; run by hand (README, "Choosing the learner"):
 *   sh scripts/node.sh packages/categorizer/bench/validate-april.ts [candidate names or option JSON…]
 */
import { evaluate } from "../src/metrics.ts";
import { predict } from "../src/predict.ts";
import { birminghamRows } from "../src/test-support/birmingham.ts";
import { type TrainModelOptions, trainModel } from "../src/train-model.ts";

const CANDIDATES: Record<string, Partial<TrainModelOptions>> = {
  "softmax (current)": {},
  "softmax 10 epochs": { epochs: 10 },
  "softmax averaged": { average: true },
  "softmax averaged from epoch 2": { average: true, averageFromEpoch: 1 },
  "softmax 10 epochs averaged": { epochs: 10, average: true },
  "multiclass hinge": { loss: "multiclass-hinge" },
  "multiclass hinge averaged": { loss: "multiclass-hinge", average: true },
  "squared hinge OvR": { loss: "squared-hinge" },
  "squared hinge OvR averaged": { loss: "squared-hinge", average: true },
};

const rows = birminghamRows();
const train = rows.filter((r) => r.date < "2017-04-01");
const validation = rows.filter((r) => r.date >= "2017-04-01" && r.date < "2017-05-01");
const wanted = process.argv.slice(2);
const chosen = wanted.length > 0 ? wanted : Object.keys(CANDIDATES);
const out = (line: string) => process.stdout.write(`${line}\n`);
const f = (x: number) => x.toFixed(4);
out(`trained on ${train.length} rows before 2017-04-01, validated on ${validation.length} April rows`);
out("| setting | accuracy | macro-F1 | top 80 % | top 50 % | ECE | ECE at T = 1 | T | seconds |");
out("|---|---|---|---|---|---|---|---|---|");
for (const name of chosen) {
  // A name from CANDIDATES, or the options themselves as JSON (for a quick sweep).
  const options = name.startsWith("{") ? (JSON.parse(name) as Partial<TrainModelOptions>) : CANDIDATES[name];
  if (options === undefined) throw new Error(`unknown candidate ${JSON.stringify(name)}`);
  const started = performance.now();
  const model = trainModel(train, options);
  const seconds = (performance.now() - started) / 1000;
  const scored = (m: typeof model) => {
    const p = predict(m, validation);
    return evaluate(
      validation.map((r, i) => ({ truth: r.category, predicted: p[i]!.category, confidence: p[i]!.probability })),
    );
  };
  const e = scored(model);
  const uncalibrated = scored({ ...model, temperature: 1 });
  out(
    `| ${name} | ${f(e.accuracy)} | ${f(e.macroF1)} | ${f(e.accuracyTop80)} | ${f(e.accuracyTop50)} | ${f(e.ece)} | ${f(uncalibrated.ece)} | ${model.temperature.toFixed(3)} | ${seconds.toFixed(1)} |`,
  );
}
