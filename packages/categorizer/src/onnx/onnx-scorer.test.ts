import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { writeModel } from "../model-directory.ts";
import { probabilities } from "../predict.ts";
import { birminghamRows } from "../test-support/birmingham.ts";
import { trainModel } from "../train-model.ts";
import { loadOnnxScorer } from "./onnx-scorer.ts";

const dir = await mkdtemp(join(tmpdir(), "categorizer-onnx-"));
after(() => rm(dir, { recursive: true, force: true }));

// A slice keeps training fast; every third row of the next stretch is scored (held out).
const rows = birminghamRows();
const model = trainModel(rows.slice(0, 3000), { epochs: 2 });
const scored = rows.slice(3000, 3900).filter((_, i) => i % 3 === 0);
const good = join(dir, "model");
await writeModel(good, model);

const argmax = (p: ArrayLike<number>, from: number, to: number): number => {
  let best = from;
  for (let k = from; k < to; k++) if (p[k]! > p[best]!) best = k;
  return best - from;
};

test("onnxruntime's calibrated probabilities equal the TypeScript reference's within 1e-5, same top category", async () => {
  assert.ok(model.temperature !== 1 && model.training.calibration !== undefined); // calibration is in play
  const scorer = await loadOnnxScorer(good);
  after(() => scorer.close());
  assert.deepEqual(scorer.labels, model.labels);
  const classes = model.labels.length;
  const onnx = await scorer.probabilities(scored);
  assert.equal(onnx.length, scored.length * classes);
  let worst = 0;
  scored.forEach((input, i) => {
    const reference = probabilities(model, input);
    for (let k = 0; k < classes; k++) {
      const diff = Math.abs(onnx[i * classes + k]! - reference[k]!);
      worst = Math.max(worst, diff);
      assert.ok(diff <= 1e-5, `row ${i} class ${model.labels[k]}: onnx ${onnx[i * classes + k]} vs ${reference[k]}`);
    }
    assert.equal(argmax(onnx, i * classes, (i + 1) * classes), argmax(reference, 0, classes), `row ${i}`);
  });
  assert.ok(scored.length >= 300);
  // Guards against a vacuous pass (e.g. every probability 1/C on both sides).
  assert.ok(onnx.some((p) => p > 0.5));
});

test("a batch scores each row as it scores alone (padding to the longest row changes nothing)", async () => {
  const scorer = await loadOnnxScorer(good);
  after(() => scorer.close());
  const classes = model.labels.length;
  const batch = await scorer.probabilities(scored.slice(0, 20));
  for (let i = 0; i < 20; i++) {
    const alone = await scorer.probabilities([scored[i]!]);
    for (let k = 0; k < classes; k++) assert.ok(Math.abs(alone[k]! - batch[i * classes + k]!) <= 1e-6);
  }
  assert.equal((await scorer.probabilities([])).length, 0);
});

test("the exported file drops the all-zero weight rows, so it is smaller than weights.bin", async () => {
  const onnxSize = (await stat(join(good, "model.onnx"))).size;
  const weightsSize = (await stat(join(good, "weights.bin"))).size;
  assert.ok(onnxSize < weightsSize / 2, `${onnxSize} vs ${weightsSize}`);
});

test("a tampered model.onnx is refused by model.json's checksum, naming the file", async () => {
  const copy = join(dir, "tampered");
  await cp(good, copy, { recursive: true });
  const bytes = await readFile(join(copy, "model.onnx"));
  bytes[bytes.length - 1]! ^= 1;
  await writeFile(join(copy, "model.onnx"), bytes);
  await assert.rejects(loadOnnxScorer(copy), {
    code: "VALIDATION",
    message: /model\.onnx: sha256 [0-9a-f]{64} does not match/,
  });
  await rm(join(copy, "model.onnx"));
  await assert.rejects(loadOnnxScorer(copy), { code: "NOT_FOUND", message: /model\.onnx is missing/ });
});
