import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { defaultFeatureSettings } from "./feature-settings.ts";
import { readModel, writeModel } from "./model-directory.ts";
import { loadModelArtifact } from "./onnx/model-artifact.ts";
import { predict } from "./predict.ts";
import { birminghamRows } from "./test-support/birmingham.ts";
import { trainModel } from "./train-model.ts";

// Every 10th real row (about 70 categories): enough to exercise training, quick to train twice.
const rows = birminghamRows().filter((_, i) => i % 10 === 0);
const settings = { ...defaultFeatureSettings, bucketBits: 14 };
const dir = await mkdtemp(join(tmpdir(), "categorizer-train-"));
after(() => rm(dir, { recursive: true, force: true }));

const trainedDir = async (name: string, seed: number) => {
  await writeModel(join(dir, name), trainModel(rows, { seed, epochs: 3 }, settings));
  const read = (file: string) => readFile(join(dir, name, file));
  return {
    json: await read("model.json"),
    weights: await read("weights.bin"),
    onnx: await read("model.onnx"),
    int8: await read("model.int8.onnx"),
  };
};

test("the same data and seed give a byte-identical model directory, ONNX files included; another seed does not", async () => {
  const [a, b, c] = [await trainedDir("a", 7), await trainedDir("b", 7), await trainedDir("c", 8)];
  assert.ok(a.weights.equals(b.weights));
  assert.ok(a.json.equals(b.json));
  assert.ok(a.onnx.equals(b.onnx));
  assert.ok(a.int8.equals(b.int8));
  assert.ok(!a.weights.equals(c.weights));
  assert.ok(!a.onnx.equals(c.onnx));
  assert.ok(!a.int8.equals(c.int8));
  // Calibrated (the rows have dates): the temperature is part of what must be reproducible.
  assert.notEqual(JSON.parse(a.json.toString()).temperature, 1);
  assert.equal(
    a.weights.byteLength,
    (2 ** 14 + settings.amountEdges.length + 3) * JSON.parse(a.json.toString()).labels.length * 4,
  );
});

test("training learns: the progressive loss falls epoch by epoch", () => {
  const { training } = trainModel(rows, { epochs: 3 }, settings);
  assert.equal(training.rows, rows.length);
  assert.ok(training.epochLoss[2]! < training.epochLoss[1]! && training.epochLoss[1]! < training.epochLoss[0]!);
});

test("a model read back from its directory predicts exactly as the one written", async () => {
  const model = trainModel(rows, { epochs: 2 }, settings);
  await writeModel(join(dir, "round-trip"), model);
  const loaded = await readModel(join(dir, "round-trip"));
  assert.deepEqual(loaded.labels, model.labels);
  assert.deepEqual(predict(loaded, rows.slice(0, 200)), predict(model, rows.slice(0, 200)));
});

test("any label set of two or more: a person's own categories as UUIDs, a few hundred rows, served from the artifact", async () => {
  const all = birminghamRows();
  const uuid = new Map([
    ["Vehicle Fuel", "0b6f3f1e-6d1a-4c59-9a39-3c1e7f0d2a11"],
    ["Purchases Food", "5d2e9a40-2b7c-4f7e-8a51-9f3b6c1d0e22"],
    ["Books", "c41a7b93-1e5d-4a8b-b2f6-7e0d9c3a5f33"],
  ]);
  const mine = all.filter((r) => uuid.has(r.category)).map((r) => ({ ...r, category: uuid.get(r.category)! }));
  // Every fourth of 400 rows held out: 300 to learn from, 100 to score.
  const history = mine.slice(0, 400).filter((_, i) => i % 4 !== 0);
  const later = mine.slice(0, 400).filter((_, i) => i % 4 === 0);
  const model = trainModel(history);
  assert.deepEqual(model.labels, [...uuid.values()].sort());
  assert.ok(model.training.calibration !== undefined);
  await writeModel(join(dir, "person"), model);
  const artifact = await loadModelArtifact(await readFile(join(dir, "person", "model.onnx")));
  after(() => artifact.release());
  assert.deepEqual(artifact.labels, model.labels);
  const scored = await artifact.score(later);
  assert.equal(scored[0]!.labels.length, 3); // top 4 asked, only 3 classes
  const right = scored.filter((s, i) => s.labels[0]!.label === later[i]!.category).length;
  // Well above always answering the most common category (measured 99 right against 74).
  const counts = new Map<string, number>();
  for (const r of later) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
  const baseline = Math.max(...counts.values());
  assert.ok(right > baseline + 10, `${right} right of ${later.length}, majority ${baseline}`);

  const two = trainModel([
    { description: "shell kings", amount: 50, category: "a" },
    { description: "tesco express", amount: 9, category: "b" },
  ]);
  assert.deepEqual(two.labels, ["a", "b"]);
  assert.throws(() => trainModel([{ description: "shell", amount: 50, category: "a" }]), /at least two categories/);
});

test("a non-default loss is recorded in model.json and read back; the default softmax records none", async () => {
  const hinge = trainModel(rows, { epochs: 2, loss: "softmax+squared-hinge", hingeWeight: 0.03 }, settings);
  assert.equal(hinge.training.loss, "softmax+squared-hinge");
  assert.equal(hinge.training.hingeWeight, 0.03);
  await writeModel(join(dir, "hinge"), hinge);
  const loaded = await readModel(join(dir, "hinge"));
  assert.equal(loaded.training.loss, "softmax+squared-hinge");
  assert.deepEqual(predict(loaded, rows.slice(0, 50)), predict(hinge, rows.slice(0, 50)));
  const soft = trainModel(rows, { epochs: 2 }, settings);
  assert.equal(soft.training.loss, undefined);
  assert.ok(!hinge.weights.every((w, i) => w === soft.weights[i]));
});
