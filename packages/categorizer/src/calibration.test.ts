import assert from "node:assert/strict";
import { test } from "node:test";
import { fitTemperature, meanNll } from "./calibration.ts";
import { expectedCalibrationError } from "./metrics.ts";
import { type LabelledInput, trainModel } from "./train-model.ts";

/**
 * Rows whose labels are drawn from softmax(z / 2.5): the likelihood is maximised near T = 2.5,
 * so the fit must find it (a fixed xorshift stream keeps the data the same every run).
 */
const synthetic = (trueT: number, rows: number, classes: number) => {
  let x = 0x9e3779b9;
  const random = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const scores = new Float64Array(rows * classes);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const p: number[] = [];
    for (let k = 0; k < classes; k++) {
      scores[i * classes + k] = 6 * random() - 3;
      p.push(Math.exp(scores[i * classes + k]! / trueT));
    }
    const total = p.reduce((a, b) => a + b, 0);
    let u = random() * total;
    let k = 0;
    while (k < classes - 1 && u > p[k]!) u -= p[k++]!;
    labels[i] = k;
  }
  return { scores, labels };
};

test("the fitted temperature is the one the labels were drawn with, and minimises the NLL", () => {
  const { scores, labels } = synthetic(2.5, 20_000, 5);
  const t = fitTemperature(scores, labels, 5);
  assert.ok(Math.abs(t - 2.5) < 0.15, `${t}`);
  const best = meanNll(scores, labels, 5, t);
  for (const other of [1, 2, 3, 5]) assert.ok(best < meanNll(scores, labels, 5, other), `T ${other}`);
});

test("expected calibration error: 0 when confidence is the accuracy, the gap otherwise", () => {
  const row = (right: boolean, confidence: number) => ({ truth: "a", predicted: right ? "a" : "b", confidence });
  // One bin [0.733, 0.8): confidence 0.75, accuracy 3/4.
  assert.equal(expectedCalibrationError([row(true, 0.75), row(true, 0.75), row(true, 0.75), row(false, 0.75)]), 0);
  // Always 0.95 sure, right half the time: the gap is 0.45.
  assert.ok(Math.abs(expectedCalibrationError([row(true, 0.95), row(false, 0.95)]) - 0.45) < 1e-12);
  // Confidence exactly 1 lands in the top bin.
  assert.equal(expectedCalibrationError([row(true, 1)]), 0);
});

test("training holds out the latest rows by date for the temperature, and records how it went", () => {
  // Early rows are clean; the latest are a mix the model cannot separate: the held-out slice is
  // the latest by date however the rows are ordered, and it must pull the temperature up.
  const rows: LabelledInput[] = [];
  for (let i = 0; i < 300; i++) {
    const late = i % 10 === 0;
    const category = i % 2 === 0 ? "fuel" : "food";
    rows.push({
      date: late ? "2020-12-31" : "2020-01-01",
      description: late
        ? `store ${i % 4 === 0 ? "shell" : "tesco"}`
        : category === "fuel"
          ? `shell ${i}`
          : `tesco ${i}`,
      amount: 20,
      category,
    });
  }
  const model = trainModel(rows, { epochs: 3 });
  const c = model.training.calibration!;
  assert.equal(c.heldOutRows, 30);
  assert.equal(model.temperature, c.temperature);
  assert.ok(c.temperature > 1.5, `${c.temperature}`);
  assert.ok(c.eceAfter < c.eceBefore, JSON.stringify(c));
  assert.equal(trainModel(rows, { epochs: 3, calibrationShare: 0 }).temperature, 1);
  // Too few rows to hold 20 out: no calibration, temperature 1.
  const few = trainModel(rows.slice(0, 100), { epochs: 3 });
  assert.equal(few.temperature, 1);
  assert.equal(few.training.calibration, undefined);
  assert.throws(() => trainModel(rows, { calibrationShare: 1 }), /calibrationShare must be in \[0, 1\)/);
});
