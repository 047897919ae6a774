import { readFile } from "node:fs/promises";
import type { OperatorMemory, OperatorProcess } from "./operator-process.ts";
import { metricSum } from "./process-metrics.ts";

const sum = (metrics: Map<string, number>, name: string) => metricSum(metrics, name) || 0;

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat (clock ticks of 10 ms). */
export const procCpuSeconds = async (pid: number): Promise<number> => {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** Reconciles done so far, by every result, from the operator's /metrics. */
export const reconcileCount = async (operator: OperatorProcess): Promise<number> =>
  sum(await operator.metrics(), "fincoach_operator_reconciles_total");

/** The operator's memory once idle, as it was and after a forced full garbage collection. */
export type SettledMemory = { settled: OperatorMemory; afterGc: OperatorMemory };

/**
 * Waits until the operator is idle (both work queues empty and no reconcile for `quietMs`),
 * then `settleMs` more, and samples its memory `samples` times a second apart (keeping the
 * largest: what a kubelet would see); then forces a full GC and samples once more (what
 * is live). Peak RSS is the process' VmHWM.
 */
export const settledMemory = async (
  operator: OperatorProcess,
  options: { quietMs: number; settleMs: number; samples: number; timeoutMs: number },
): Promise<SettledMemory> => {
  const deadline = Date.now() + options.timeoutMs;
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const metrics = await operator.metrics();
    const reconciles = sum(metrics, "fincoach_operator_reconciles_total");
    const depth = sum(metrics, "workqueue_depth");
    if (reconciles !== last || depth > 0) quietSince = Date.now();
    last = reconciles;
    if (Date.now() - quietSince >= options.quietMs || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, options.settleMs));
  const samples: OperatorMemory[] = [];
  for (let i = 0; i < options.samples; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
    samples.push(await operator.memory());
  }
  const settled = samples.reduce((a, b) => (b.rssMiB > a.rssMiB ? b : a));
  await operator.collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { settled, afterGc: await operator.memory() };
};
