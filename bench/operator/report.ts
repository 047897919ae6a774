import { fmt } from "../shared/timing.ts";
import type { LatencySample } from "./apply-latency.ts";
import type { OperatorMemory } from "./operator-process.ts";
import type { BulkResult } from "./phases.ts";
import type { SettledMemory } from "./settle.ts";
import { percentile, verdict } from "./stats.ts";

/** The targets. */
export const TARGETS = {
  readyCount: 1_000,
  readySeconds: 60,
  latencyP99Ms: 1_000,
  rssMiB: 150,
  rssAt: 10_000,
} as const;

/** Every figure one run printed, as stored in bench/results/. */
export type OperatorBenchReport = {
  bulk?: BulkResult;
  latency?: { samples: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; applyP50Ms: number };
  memory: Array<{ schedules: number; memory: SettledMemory }>;
  scale?: BulkResult;
  verdicts: Record<string, "PASS" | "FAIL">;
};

/** Latency figures of the samples (children ms after the apply returned). */
export const summarizeLatency = (samples: readonly LatencySample[]) => {
  const ms = samples.map((s) => s.childrenMs);
  return {
    samples: samples.length,
    p50Ms: percentile(ms, 50),
    p90Ms: percentile(ms, 90),
    p99Ms: percentile(ms, 99),
    maxMs: Math.max(...ms),
    applyP50Ms: percentile(
      samples.map((s) => s.applyMs),
      50,
    ),
  };
};

const mem = (m: OperatorMemory) =>
  `RSS ${fmt(m.rssMiB, 1)} MiB (anon ${fmt(m.rssAnonMiB, 1)}, file ${fmt(m.rssFileMiB, 1)}), heap used ${fmt(m.heapUsedMiB, 1)} / total ${fmt(m.heapTotalMiB, 1)} MiB, external ${fmt(m.externalMiB, 1)} MiB`;

const bulkLine = (b: BulkResult) =>
  `${fmt(b.applied)} applied in ${fmt(b.applySeconds, 1)} s, all ${fmt(b.total)} Ready after ${fmt(b.readySeconds, 1)} s (${fmt(b.reconciles)} reconciles, operator CPU ${fmt(b.operatorCpuSeconds, 1)} s)`;

/** Prints the figures with PASS/FAIL against the targets, and fills `report.verdicts`. */
export const printReport = (report: OperatorBenchReport, log: (line: string) => void): void => {
  log("");
  log("== operator benchmark ==");
  if (report.bulk) {
    log(`1. ${fmt(report.bulk.applied)} SyncSchedules at once: ${bulkLine(report.bulk)}`);
    if (report.bulk.applied === TARGETS.readyCount) {
      const ok = report.bulk.readySeconds < TARGETS.readySeconds;
      report.verdicts.bulkReady = verdict(ok);
      log(`   ${verdict(ok)}: all Ready in < ${TARGETS.readySeconds} s`);
    } else {
      log(`   (the target, all Ready in < ${TARGETS.readySeconds} s, is for ${fmt(TARGETS.readyCount)})`);
    }
  }
  if (report.latency) {
    const l = report.latency;
    const ok = l.p99Ms < TARGETS.latencyP99Ms;
    report.verdicts.latencyP99 = verdict(ok);
    log(
      `2. apply -> Deployment + HPA, ${l.samples} samples: p50 ${fmt(l.p50Ms, 0)} ms, p90 ${fmt(l.p90Ms, 0)} ms, p99 ${fmt(l.p99Ms, 0)} ms, max ${fmt(l.maxMs, 0)} ms (the apply call itself: p50 ${fmt(l.applyP50Ms, 0)} ms)`,
    );
    log(`   ${verdict(ok)}: p99 < ${fmt(TARGETS.latencyP99Ms)} ms`);
  }
  log("3. operator memory (settled: idle, as the kernel sees it; after GC: a forced full collection):");
  for (const { schedules, memory } of report.memory) {
    log(`   ${fmt(schedules).padStart(6)} SyncSchedules: settled  ${mem(memory.settled)}`);
    log(`   ${"".padStart(20)}after GC ${mem(memory.afterGc)}; peak RSS ${fmt(memory.afterGc.peakRssMiB, 1)} MiB`);
  }
  if (report.scale) log(`   scaling up: ${bulkLine(report.scale)}`);
  const atTarget = report.memory.find((m) => m.schedules >= TARGETS.rssAt);
  if (atTarget) {
    const ok = atTarget.memory.settled.rssMiB < TARGETS.rssMiB;
    report.verdicts.rss = verdict(ok);
    log(`   ${verdict(ok)}: settled RSS < ${TARGETS.rssMiB} MiB at ${fmt(TARGETS.rssAt)}`);
  } else {
    log(`   (RSS target is at ${fmt(TARGETS.rssAt)} SyncSchedules; not measured in this run)`);
  }
};
