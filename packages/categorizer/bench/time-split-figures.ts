/**
 * The README's figures for the Birmingham time split (trained before 2017-05-01, tested on May and
 * June 2017) and the full file: accuracy, macro-F1, most-confident 80 % / 50 %, ECE before and
 * after calibration, for the TypeScript reference and both ONNX files; their sizes; training
 * seconds; and `ArtifactModel.score` rows/s end to end in batches of 1,000 on the full file.
 * Not a test (no timing assertions belong in the suite): run it by hand, see the README.
 *   sh scripts/node.sh packages/categorizer/bench/time-split-figures.ts
 */
import { InferenceSession } from "onnxruntime-node";
import { featurize, featurizeBatch } from "../src/featurize.ts";
import { GramTrace } from "../src/gram-trace.ts";
import { evaluate } from "../src/metrics.ts";
import { encodeOnnx } from "../src/onnx/export-onnx.ts";
import { type ArtifactModel, loadModelArtifact } from "../src/onnx/model-artifact.ts";
import { padRows } from "../src/onnx/pad-rows.ts";
import { predict } from "../src/predict.ts";
import { birminghamRows } from "../src/test-support/birmingham.ts";
import { type Model, trainModel } from "../src/train-model.ts";

const PASSES = 5;
const BATCH = 1000;
const rows = birminghamRows();
const train = rows.filter((r) => r.date < "2017-05-01");
const test = rows.filter((r) => r.date >= "2017-05-01");
const out = (line: string) => process.stdout.write(`${line}\n`);
const f = (x: number) => x.toFixed(4);
const show = (name: string, e: ReturnType<typeof evaluate>) =>
  out(
    `${name}: accuracy ${f(e.accuracy)}, macro-F1 ${f(e.macroF1)}, top 80 % ${f(e.accuracyTop80)}, top 50 % ${f(e.accuracyTop50)}, ECE ${f(e.ece)}`,
  );

const timed = <T>(run: () => T): { value: T; seconds: number } => {
  const started = performance.now();
  const value = run();
  return { value, seconds: (performance.now() - started) / 1000 };
};

const reference = (model: Model) => {
  const p = predict(model, test);
  return evaluate(
    test.map((r, i) => ({ truth: r.category, predicted: p[i]!.category, confidence: p[i]!.probability })),
  );
};

const viaArtifact = async (artifact: ArtifactModel) => {
  const results = await artifact.score(test, 1);
  return evaluate(
    test.map((r, i) => ({
      truth: r.category,
      predicted: results[i]!.labels[0]!.label,
      confidence: results[i]!.labels[0]!.confidence,
    })),
  );
};

const split = timed(() => trainModel(train));
const model = split.value;
out(`time split: trained on ${train.length} rows in ${split.seconds.toFixed(1)} s; tested on ${test.length}`);
out(`training figures: ${JSON.stringify(model.training.calibration)}`);
show("TypeScript, temperature 1 (uncalibrated)", reference({ ...model, temperature: 1 }));
show(`TypeScript, temperature ${model.temperature.toFixed(3)}`, reference(model));
for (const quantization of ["fp32", "int8"] as const) {
  const bytes = encodeOnnx(model, quantization);
  const artifact = await loadModelArtifact(bytes);
  show(`ONNX ${quantization} (${(bytes.length / 1e6).toFixed(1)} MB)`, await viaArtifact(artifact));
  const testBatches = Array.from({ length: Math.ceil(test.length / BATCH) }, (_, i) =>
    test.slice(i * BATCH, (i + 1) * BATCH),
  );
  const rates: number[] = [];
  for (let pass = 0; pass <= PASSES; pass++) {
    const started = performance.now();
    for (const b of testBatches) await artifact.score(b);
    if (pass > 0) rates.push(test.length / ((performance.now() - started) / 1000)); // pass 0 warms up
  }
  out(
    `  ArtifactModel.score ${quantization} on the test months (new data), batches of ${BATCH}: ${rates.map((r) => Math.round(r).toLocaleString("en")).join(", ")} rows/s`,
  );
  await artifact.release();
}

const full = timed(() => trainModel(rows));
out(`full file: trained on ${rows.length} rows, ${full.value.labels.length} classes, in ${full.seconds.toFixed(1)} s`);
const best = async (run: () => unknown): Promise<number[]> => {
  await run(); // warm-up
  const rates: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const started = performance.now();
    await run();
    rates.push(rows.length / ((performance.now() - started) / 1000));
  }
  return rates;
};
const showRates = (label: string, rates: number[]) =>
  out(`${label}: ${rates.map((r) => Math.round(r).toLocaleString("en")).join(", ")} rows/s`);
const batches = Array.from({ length: Math.ceil(rows.length / BATCH) }, (_, i) =>
  rows.slice(i * BATCH, (i + 1) * BATCH),
);
showRates(
  "featurizeBatch with the n-gram trace (TypeScript, no scoring)",
  await best(() => {
    for (const b of batches) featurizeBatch(b, full.value.settings, new GramTrace());
  }),
);
for (const quantization of ["fp32", "int8"] as const) {
  const bytes = encodeOnnx(full.value, quantization);
  const feeds = batches.map((b) => padRows(b.map((r) => featurize(r, full.value.settings))));
  const session = await InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  showRates(
    `onnxruntime session.run alone ${quantization}, rows featurized beforehand`,
    await best(async () => {
      for (const f of feeds) await session.run(f);
    }),
  );
  await session.release();
  const artifact = await loadModelArtifact(bytes);
  showRates(
    `ArtifactModel.score ${quantization} (${(bytes.length / 1e6).toFixed(1)} MB) end to end, batches of ${BATCH}`,
    await best(async () => {
      for (const b of batches) await artifact.score(b);
    }),
  );
  await artifact.release();
}
