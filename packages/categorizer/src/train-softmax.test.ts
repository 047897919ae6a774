import assert from "node:assert/strict";
import { test } from "node:test";
import { scoreRow } from "./softmax.ts";
import { packRows } from "./sparse-matrix.ts";
import { type TrainLoss, type TrainOptions, trainSoftmax } from "./train-softmax.ts";

// Three classes, each marked by its own feature, plus a shared noisy one and the intercept (feature 5).
const CLASSES = 3;
const FEATURES = 6;
const sample = (i: number) => {
  const label = i % CLASSES;
  return {
    label,
    row: { indices: Int32Array.from([label, 3, 5]), values: Float32Array.from([1, ((i * 7) % 5) / 5 - 0.4, 1]) },
  };
};
const data = Array.from({ length: 60 }, (_, i) => sample(i));
const x = packRows(data.map((d) => d.row));
const y = Int32Array.from(data, (d) => d.label);
const base: TrainOptions = { seed: 3, epochs: 4, learningRate: 0.1, l2: 1e-4 };

const trainingAccuracy = (weights: Float32Array) => {
  const scores = new Float64Array(CLASSES);
  let right = 0;
  data.forEach(({ row, label }) => {
    scoreRow(weights, CLASSES, row.indices, row.values, 0, row.indices.length, scores);
    if (scores.indexOf(Math.max(...scores)) === label) right++;
  });
  return right / data.length;
};

for (const loss of [
  "softmax",
  "multiclass-hinge",
  "squared-hinge",
  "softmax+squared-hinge",
] as const satisfies TrainLoss[])
  test(`${loss}: learns a separable problem, its loss falls, and the same seed gives the same bits`, () => {
    const o = { ...base, loss, hingeWeight: 0.5 };
    const a = trainSoftmax(x, y, CLASSES, FEATURES, o);
    assert.equal(trainingAccuracy(a.weights), 1);
    assert.ok(a.epochLoss.at(-1)! < a.epochLoss[0]!, `${a.epochLoss}`);
    const b = trainSoftmax(x, y, CLASSES, FEATURES, o);
    assert.deepEqual(Buffer.from(a.weights.buffer), Buffer.from(b.weights.buffer));
    const other = trainSoftmax(x, y, CLASSES, FEATURES, { ...o, seed: 4 });
    assert.notDeepEqual(Buffer.from(a.weights.buffer), Buffer.from(other.weights.buffer));
  });

test("the losses differ: a hinge learns other weights than the softmax", () => {
  const soft = trainSoftmax(x, y, CLASSES, FEATURES, base).weights;
  const hinge = trainSoftmax(x, y, CLASSES, FEATURES, { ...base, loss: "squared-hinge" }).weights;
  assert.notDeepEqual([...soft], [...hinge]);
});

// With a single row every epoch is one step and the shuffle is the identity, so the iterates
// w_1 … w_E are the plain runs of 1 … E epochs: the lazily kept average must be their mean.
test("averaged weights are the mean of the iterates from averageFromEpoch on", () => {
  const one = packRows([sample(1).row]);
  const label = Int32Array.from([sample(1).label]);
  for (const loss of ["softmax", "squared-hinge"] as const) {
    const o = { ...base, loss, epochs: 5, learningRate: 0.3 };
    const iterates = [1, 2, 3, 4, 5].map(
      (epochs) => trainSoftmax(one, label, CLASSES, FEATURES, { ...o, epochs }).weights,
    );
    for (const from of [0, 2]) {
      const averaged = trainSoftmax(one, label, CLASSES, FEATURES, {
        ...o,
        average: true,
        averageFromEpoch: from,
      }).weights;
      const kept = iterates.slice(from);
      for (let i = 0; i < averaged.length; i++) {
        const mean = kept.reduce((s, w) => s + w[i]!, 0) / kept.length;
        assert.ok(Math.abs(averaged[i]! - mean) < 1e-6, `${loss} from ${from}, weight ${i}: ${averaged[i]} vs ${mean}`);
      }
      // Not vacuous: the average is not the last iterate.
      assert.ok(averaged.some((w, i) => Math.abs(w - iterates[4]![i]!) > 1e-3));
    }
  }
});
