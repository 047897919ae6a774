import assert from "node:assert/strict";
import { test } from "node:test";
import { confidentAccuracy, evaluate, macroF1 } from "./metrics.ts";

const row = (truth: string, predicted: string, confidence: number) => ({ truth, predicted, confidence });

test("macro-F1 averages every label seen as truth or prediction, as scikit-learn does", () => {
  const rows = [row("a", "a", 0.9), row("b", "a", 0.8), row("b", "b", 0.7), row("c", "b", 0.6)];
  // a: tp1 fp1 fn0 → 2/3; b: tp1 fp1 fn1 → 1/2; c: tp0 fn1 → 0. Mean = (2/3 + 1/2 + 0) / 3.
  assert.ok(Math.abs(macroF1(rows) - (2 / 3 + 1 / 2) / 3) < 1e-12);
  assert.equal(macroF1([]), 0);
});

test("accuracy of the most confident share ranks by confidence, rounding the share up", () => {
  const rows = [row("a", "x", 0.2), row("a", "a", 0.9), row("b", "b", 0.8), row("c", "x", 0.5)];
  assert.equal(confidentAccuracy(rows, 0.5), 1); // 0.9 and 0.8, both right
  assert.equal(confidentAccuracy(rows, 0.75), 2 / 3); // then 0.5, wrong
  assert.equal(confidentAccuracy(rows, 0.8), 1 / 2); // ceil(3.2) = 4 rows: all of them
});

test("evaluate reports all figures together", () => {
  const rows = [row("a", "a", 0.9), row("b", "a", 0.1)];
  const { ece, ...rest } = evaluate(rows);
  // Two bins of one row each: |1 − 0.9| and |0 − 0.1|, each weighted 1/2.
  assert.ok(Math.abs(ece - 0.1) < 1e-12, `${ece}`);
  assert.deepEqual(rest, {
    rows: 2,
    accuracy: 0.5,
    macroF1: (2 / 3 + 0) / 2,
    accuracyTop80: 0.5,
    accuracyTop50: 1,
  });
});
