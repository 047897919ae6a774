import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { judge, TARGETS } from "./report.ts";

describe("bench:api verdicts", () => {
  test("the API's share of the floor is judged by the median round, the p99 on its own", () => {
    const v = judge([{ scenario: "list", ofFloorByRound: [0.9, 0.3, 0.65], p99Ms: 49, judged: true }], 3);
    assert.deepEqual(
      v.map((x) => [x.name, x.measured, x.pass]),
      [
        ["list: API 2xx/s ÷ DB floor ops/s, median of 3 rounds", "65.0 %", true],
        ["list: API p99 latency, median of 3 rounds", "49.0 ms", true],
      ],
    );
  });

  test("below 60 % of the floor, or a p99 of 50 ms, fails", () => {
    const v = judge([{ scenario: "mixed", ofFloorByRound: [0.59], p99Ms: TARGETS.p99Ms, judged: true }], 1);
    assert.deepEqual(
      v.map((x) => [x.name, x.pass]),
      [
        ["mixed: API 2xx/s ÷ DB floor ops/s", false],
        ["mixed: API p99 latency", false],
      ],
    );
  });

  test("no ratio verdict without a floor to pair with, and none for an unjudged scenario", () => {
    const v = judge(
      [
        { scenario: "list", ofFloorByRound: [], p99Ms: 10, judged: true },
        { scenario: "POST", ofFloorByRound: [0.1], p99Ms: 900, judged: false },
      ],
      2,
    );
    assert.deepEqual(
      v.map((x) => x.name),
      ["list: API p99 latency, median of 2 rounds"],
    );
  });
});
