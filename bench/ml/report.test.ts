import assert from "node:assert/strict";
import { test } from "node:test";
import type { Evaluation } from "@fincoach/categorizer";
import { judgeAgainstPeer, judgeAtLeast, judgeAtMost, latencySummary, scoredRows } from "./report.ts";
import { HOLDOUT, inRange, onlineSplits } from "./splits.ts";

const evaluation = (accuracy: number, macroF1: number, accuracyTop80: number): Evaluation => ({
  rows: 100,
  accuracy,
  macroF1,
  accuracyTop80,
  accuracyTop50: 0.9,
  ece: 0.05,
});

test("FinCoach must be strictly ahead of the peer on each metric; a tie fails", () => {
  const verdicts = judgeAgainstPeer(evaluation(0.65, 0.3, 0.72), evaluation(0.64, 0.3, 0.73));
  assert.deepEqual(
    verdicts.map((v) => [v.name, v.pass]),
    [
      ["FinCoach ahead on accuracy", true],
      ["FinCoach ahead on macro-F1", false],
      ["FinCoach ahead on accuracy of the most confident 80 %", false],
    ],
  );
  assert.match(verdicts[0]!.detail, /0\.6500 vs scikit-learn 0\.6400 \(\+1\.0 points\)/);
  assert.match(verdicts[2]!.detail, /\(-1\.0 points\)/);
});

test("targets: under a limit, at or above a floor", () => {
  assert.equal(judgeAtMost("train", 19.99, 20, "s").pass, true);
  assert.equal(judgeAtMost("train", 20, 20, "s").pass, false);
  assert.equal(judgeAtLeast("rows", 100_000, 100_000, "rows/s").pass, true);
  assert.equal(judgeAtLeast("rows", 99_999, 100_000, "rows/s").pass, false);
});

test("predictions that do not line up with the truth are an error", () => {
  assert.throws(() => scoredRows(["a", "b"], ["a"], [1, 1]), /2 truths, 1 predictions and 2 confidences/);
});

test("the time split and the online months cover the file's stray dates and do not overlap", () => {
  assert.ok(inRange("2016-10-28", HOLDOUT.trainFrom, HOLDOUT.trainTo));
  assert.ok(inRange("2017-04-30", HOLDOUT.trainFrom, HOLDOUT.trainTo));
  assert.ok(!inRange("2017-05-01", HOLDOUT.trainFrom, HOLDOUT.trainTo));
  assert.ok(inRange("2017-05-01", HOLDOUT.testFrom, HOLDOUT.testTo));
  assert.ok(inRange("2017-07-03", HOLDOUT.testFrom, HOLDOUT.testTo));
  const online = onlineSplits(["2016-12", "2017-01", "2017-06"]);
  assert.deepEqual(
    online.map((s) => [s.trainTo, s.testFrom, s.testTo]),
    [
      ["2016-12-01", "2016-12-01", "2017-01-01"],
      ["2017-01-01", "2017-01-01", "2017-02-01"],
      ["2017-06-01", "2017-06-01", "9999-12-31"],
    ],
  );
  for (const s of online) assert.ok(s.trainTo <= s.testFrom, `${s.name} trains on what it tests`);
});

test("latency percentiles are nearest-rank: p99 of 1..100 ms is 99, p50 is 50", () => {
  const ms = Array.from({ length: 100 }, (_, i) => 100 - i);
  const s = latencySummary(ms);
  assert.deepEqual([s.count, s.p50Ms, s.p99Ms, s.maxMs, s.meanMs], [100, 50, 99, 100, 50.5]);
  assert.equal(latencySummary([7]).p99Ms, 7);
  assert.throws(() => latencySummary([]), /no latencies/);
});
