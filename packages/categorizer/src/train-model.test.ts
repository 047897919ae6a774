import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { defaultFeatureSettings } from "./feature-settings.ts";
import { readModel, writeModel } from "./model-directory.ts";
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
  return { json: await read("model.json"), weights: await read("weights.bin") };
};

test("the same data and seed give a byte-identical model directory; another seed does not", async () => {
  const [a, b, c] = [await trainedDir("a", 7), await trainedDir("b", 7), await trainedDir("c", 8)];
  assert.ok(a.weights.equals(b.weights));
  assert.ok(a.json.equals(b.json));
  assert.ok(!a.weights.equals(c.weights));
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
