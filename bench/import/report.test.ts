import assert from "node:assert/strict";
import { test } from "node:test";
import type { PathResult } from "./measure.ts";
import { judge, medianName, medianOfRounds, roundName, TARGET_ROWS_PER_SEC } from "./report.ts";

const NAME = "end to end, COPY: CSV 100";
const run = (round: number, seconds: number, cpuBusyBefore = 0.01): PathResult => ({
  name: roundName(NAME, round),
  rows: 100,
  seconds,
  rowsPerSec: 100 / seconds,
  inserted: 100,
  duplicates: 0,
  cpuBusyBefore,
});

test("rounds summarise as their median rate; one disturbed round does not decide the verdict", () => {
  const results = [run(1, 0.004), run(2, 0.02, 0.4), run(3, 0.0045)];
  const m = medianOfRounds(NAME, 3, results);
  assert.equal(m.name, medianName(NAME));
  assert.equal(m.rowsPerSec, 100 / 0.0045);
  assert.equal(m.seconds, 0.0045);
  assert.equal(m.cpuBusyBefore, 0.4);
  // 25,000, 5,000 and 22,222 rows/s: the median passes though one round is far below.
  assert.equal(TARGET_ROWS_PER_SEC, 20_000);
  const [verdict] = judge([...results, m], [medianName(NAME)]);
  assert.equal(verdict?.pass, true);
  assert.equal(verdict?.rowsPerSec, m.rowsPerSec);
  const [slow] = judge([medianOfRounds(NAME, 3, [run(1, 0.02), run(2, 0.02), run(3, 0.004)])], [medianName(NAME)]);
  assert.equal(slow?.pass, false);
});

test("a missing round is an error, not a median of fewer", () => {
  assert.throws(() => medianOfRounds(NAME, 3, [run(1, 1), run(3, 1)]), /expected 3 rounds, found 2/);
});
