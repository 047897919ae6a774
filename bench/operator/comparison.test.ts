import assert from "node:assert/strict";
import { test } from "node:test";
import { comparePeer } from "./comparison.ts";
import type { OperatorMemory } from "./operator-process.ts";
import type { OperatorBenchReport } from "./report.ts";

const memory = (rssMiB: number, rssAnonMiB: number): OperatorMemory => ({
  rssMiB,
  peakRssMiB: rssMiB,
  rssAnonMiB,
  rssFileMiB: rssMiB - rssAnonMiB,
  heapUsedMiB: 0,
  heapTotalMiB: 0,
  externalMiB: 0,
});

const report = (readySeconds: number, p99Ms: number, rss: [number, number][]): OperatorBenchReport => ({
  bulk: { applied: 1000, total: 1000, applySeconds: 5, readySeconds, reconciles: 1000, operatorCpuSeconds: 4 },
  latency: { samples: 100, p50Ms: p99Ms / 2, p90Ms: p99Ms, p99Ms, maxMs: p99Ms, applyP50Ms: 5 },
  memory: rss.map(([schedules, mib]) => ({
    schedules,
    memory: { settled: memory(mib, mib / 2), afterGc: memory(mib, mib / 2) },
  })),
  verdicts: {},
});

const byName = (figures: ReturnType<typeof comparePeer>) => new Map(figures.map((f) => [f.what, f]));

test("ratios are ours over the peer's, judged against 1.5x for time and 1x for RSS at 1,000 and above", () => {
  const ours = report(15, 30, [
    [0, 80],
    [1000, 110],
    [10000, 140],
  ]);
  const peer = report(10, 40, [
    [0, 40],
    [1000, 60],
    [10000, 190],
  ]);
  const figures = byName(comparePeer(ours, peer, 10000));
  assert.deepEqual(figures.get("time to Ready, 1,000 (s)"), {
    what: "time to Ready, 1,000 (s)",
    ours: 15,
    peer: 10,
    ratio: 1.5,
    verdict: "PASS",
  });
  assert.equal(figures.get("apply -> children p99 (ms)")?.verdict, "PASS");
  assert.equal(figures.get("settled RSS, 0 (MiB)")?.verdict, undefined, "idle RSS is shown, not judged");
  assert.equal(figures.get("settled RSS, 1,000 (MiB)")?.verdict, "FAIL");
  assert.equal(figures.get("settled RSS, 10,000 (MiB)")?.verdict, "PASS");
});

test("a figure one side did not measure is shown without a verdict", () => {
  const ours = report(61, 30, [[1000, 100]]);
  const peer = report(40, 10, []);
  const figures = byName(comparePeer(ours, peer, 0));
  assert.equal(figures.get("time to Ready, 1,000 (s)")?.verdict, "FAIL");
  assert.equal(figures.get("apply -> children p99 (ms)")?.verdict, "FAIL");
  const rss = figures.get("settled RSS, 1,000 (MiB)");
  assert.ok(rss && Number.isNaN(rss.peer) && rss.verdict === undefined);
  assert.ok(![...figures.keys()].some((what) => what.startsWith("time to Ready, 0")), "no row for a phase neither ran");
});
