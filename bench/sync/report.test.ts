import assert from "node:assert/strict";
import { test } from "node:test";
import { itemsPerSecond, scaling, verdict } from "./report.ts";

const runs = [
  { workers: 1, items: 10_000, seconds: 40 },
  { workers: 2, items: 10_000, seconds: 20 },
  { workers: 4, items: 10_000, seconds: 16 },
];

test("items/s rounds, and a run without elapsed time is an error", () => {
  assert.equal(itemsPerSecond({ workers: 1, items: 1_000, seconds: 3 }), 333);
  assert.throws(() => itemsPerSecond({ workers: 1, items: 1_000, seconds: 0 }), /took 0 s/);
});

test("scaling is relative to the 1-worker run, null without one", () => {
  assert.deepEqual(
    [...scaling(runs)],
    [
      [1, 1],
      [2, 2],
      [4, 2.5],
    ],
  );
  assert.deepEqual(
    [...scaling(runs.slice(1))],
    [
      [2, null],
      [4, null],
    ],
  );
});

test("verdict compares the run with the given worker count to the target", () => {
  assert.equal(verdict(runs, 2, 500), "PASS");
  assert.equal(verdict(runs, 2, 500.1), "FAIL");
  assert.equal(verdict(runs, 2, 501), "FAIL");
  assert.equal(verdict(runs, 3, 1), "MISSING");
});
