import assert from "node:assert/strict";
import { test } from "node:test";
import { baselineOf, medianMinor } from "./median-baseline.ts";

test("the median of an odd count is the middle value; of an even count the mean, rounded half to even", () => {
  assert.equal(medianMinor([]), null);
  assert.equal(medianMinor([5n, 1n, 3n]), 3n);
  assert.equal(medianMinor([1n, 2n]), 2n); // 1.5 -> 2
  assert.equal(medianMinor([1n, 4n]), 2n); // 2.5 -> 2
  assert.equal(medianMinor([0n, 0n, 7n, 100n, 9n, 0n]), 4n); // (0 + 7) / 2 = 3.5 -> 4
});

test("this period against the baseline: difference and a 4-place ratio; no ratio against zero", () => {
  assert.deepEqual(baselineOf(12_345n, [10_000n, 20_000n, 9_000n], "EUR"), {
    periods: 3,
    median: "100.00",
    current: "123.45",
    difference: "23.45",
    ratio: "1.2345",
  });
  assert.deepEqual(baselineOf(500n, [0n, 0n], "JPY"), {
    periods: 2,
    median: "0",
    current: "500",
    difference: "500",
    ratio: null,
  });
  assert.deepEqual(baselineOf(100n, [], "EUR"), {
    periods: 0,
    median: null,
    current: "1.00",
    difference: null,
    ratio: null,
  });
  assert.equal(baselineOf(1n, [3n], "EUR").ratio, "0.3333");
});
