import type { KubeObjectApi } from "@fincoach/kube";
import type { OperatorProcess } from "./operator-process.ts";
import type { ReadyTracker } from "./ready-tracker.ts";
import { procCpuSeconds, reconcileCount, type SettledMemory, settledMemory } from "./settle.ts";
import { applyAll, benchSyncSchedule } from "./sync-schedules.ts";

/** What one bulk apply took: the applies themselves, then until every schedule was Ready. */
export type BulkResult = {
  applied: number;
  /** SyncSchedules in the cluster after this step. */
  total: number;
  applySeconds: number;
  /** From the first apply until all `total` of the namespace reported Ready=True. */
  readySeconds: number;
  reconciles: number;
  operatorCpuSeconds: number;
};

/**
 * Applies SyncSchedules `from`..`to - 1` of `namespace` (bounded concurrency) and waits
 * until the tracker sees `readyTarget` Ready in that namespace.
 */
export const bulkApply = async (options: {
  admin: KubeObjectApi;
  operator: OperatorProcess;
  tracker: ReadyTracker;
  namespace: string;
  from: number;
  to: number;
  readyTarget: number;
  total: number;
  concurrency: number;
  timeoutMs: number;
  log: (line: string) => void;
}): Promise<BulkResult> => {
  const { from, to, namespace } = options;
  const objects = Array.from({ length: to - from }, (_, k) => benchSyncSchedule(namespace, `ss-${from + k}`, from + k));
  const [reconciles0, cpu0] = [await reconcileCount(options.operator), await procCpuSeconds(options.operator.pid)];
  const start = performance.now();
  const progress = setInterval(
    () => options.log(`    ${options.tracker.ready} Ready after ${((performance.now() - start) / 1000).toFixed(0)} s`),
    30_000,
  );
  try {
    await applyAll(options.admin, objects, options.concurrency);
    const applySeconds = (performance.now() - start) / 1000;
    options.log(`    applied ${objects.length} in ${applySeconds.toFixed(1)} s; waiting for Ready`);
    await options.tracker.waitForReady(options.readyTarget, options.timeoutMs);
    return {
      applied: objects.length,
      total: options.total,
      applySeconds,
      readySeconds: (performance.now() - start) / 1000,
      reconciles: (await reconcileCount(options.operator)) - reconciles0,
      operatorCpuSeconds: (await procCpuSeconds(options.operator.pid)) - cpu0,
    };
  } finally {
    clearInterval(progress);
  }
};

/** The operator's memory once it has gone idle (see {@link settledMemory}). */
export const memoryAt = (operator: OperatorProcess, settleSeconds: number): Promise<SettledMemory> =>
  settledMemory(operator, { quietMs: 5_000, settleMs: settleSeconds * 1000, samples: 3, timeoutMs: 600_000 });
