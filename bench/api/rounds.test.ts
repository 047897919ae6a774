import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { LoadResult } from "./load.ts";
import { medianOfRounds, ratioPerRound } from "./rounds.ts";

const run = (round: number, requestsPerSec: number, p99: number, max = p99): LoadResult => ({
  name: "list",
  connections: 50,
  seconds: 12,
  requestsPerSec,
  totalRequests: requestsPerSec * 12,
  latencyMs: { p50: 1, p90: 2, p99, max, mean: 1 },
  errors: 0,
  timeouts: round === 2 ? 1 : 0,
  non2xx: 0,
  statusCodes: {},
  cpuBusyBefore: round / 100,
  round,
});

describe("bench rounds", () => {
  test("a scenario's rounds summarise as medians; one disturbed round does not decide", () => {
    const s = medianOfRounds([run(1, 5_000, 20), run(2, 1_000, 90, 400), run(3, 6_000, 22)]);
    assert.equal(s.requestsPerSec, 5_000);
    assert.equal(s.latencyMs.p99, 22);
    assert.equal(s.latencyMs.max, 400, "the worst max is kept");
    assert.equal(s.timeouts, 1, "faults are summed");
    assert.equal(s.cpuBusyBefore, 0.03, "the busiest start is kept");
    assert.equal(s.rounds, 3);
  });

  test("ratios pair the runs of the same round, and there are none without a pair", () => {
    assert.deepEqual(ratioPerRound([run(1, 50, 1), run(2, 30, 1)], [run(1, 100, 1), run(2, 60, 1)]), [0.5, 0.5]);
    assert.deepEqual(ratioPerRound([run(1, 50, 1)], []), []);
    assert.deepEqual(ratioPerRound([run(1, 50, 1)], [run(2, 100, 1)]), []);
  });
});

test("ratios count 2xx answers where a run counted them: refused requests are not work served", () => {
  const api = { ...run(1, 100, 1), okPerSec: 70 };
  assert.deepEqual(ratioPerRound([api], [run(1, 100, 1)]), [0.7]);
});
