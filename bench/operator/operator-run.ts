import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConnection } from "@fincoach/kube";
import { buildOperator } from "@fincoach/operator/build";
import { OPERATOR_RUNTIME_ENV } from "@fincoach/operator/runtime-env";
import { startCpuMeter } from "../shared/cpu-accounting.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { type LatencySample, measureApplyLatency } from "./apply-latency.ts";
import { startBenchCluster } from "./bench-cluster.ts";
import { startOperatorProcess } from "./operator-process.ts";
import { bulkApply, memoryAt } from "./phases.ts";
import { benchPids } from "./process-tree.ts";
import { ReadyTracker } from "./ready-tracker.ts";
import { type OperatorBenchReport, summarizeLatency } from "./report.ts";

const BULK_NS = "bench";
const LATENCY_NS = "bench-latency";

/** Which operator one run measures: ours (how it is run) or the controller-runtime peer (its binary). */
export type OperatorUnderTest =
  | { name: "fincoach"; main?: string | undefined; shipped: boolean; env: Record<string, string> }
  | { name: "controller-runtime"; binary: string; env: Record<string, string> };

/** One operator's run: the figures, the samples, and how busy the rest of the machine was. */
export type OperatorRun = {
  operator: OperatorUnderTest["name"];
  report: OperatorBenchReport;
  latencySamples: LatencySample[];
  /** Share of the cores busy just before the run (after waiting for quiet). */
  busyBefore: number;
  /** Share of the cores other processes (not this benchmark's) used during the whole run. */
  othersShare: number;
};

export type RunSettings = {
  count: number;
  samples: number;
  scaleTo: number;
  concurrency: number;
  settle: number;
  quietWait: number;
  heapSnapshot: boolean;
};

/**
 * One operator on its own fresh etcd + kube-apiserver (CRDs, RBAC, namespaces), under the
 * operator's ServiceAccount: memory idle, 1,000 at once to Ready, apply-to-children
 * latency, then scaling to `scaleTo`, memory settled after each.
 */
export const benchOperator = async (
  under: OperatorUnderTest,
  settings: RunSettings,
  log: (line: string) => void,
): Promise<OperatorRun> => {
  const { count, samples, scaleTo, concurrency, settle } = settings;
  log(`\n=== ${under.name} ===`);
  const busyBefore = await waitForQuietMachine(settings.quietWait);
  log(`cores busy before the run: ${Math.round(busyBefore * 100)} %`);
  const meter = await startCpuMeter({ bench: benchPids });
  log("starting etcd + kube-apiserver, installing the CRDs and the operator's RBAC…");
  const cluster = await startBenchCluster([BULK_NS, LATENCY_NS]);
  const workDir = await mkdtemp(join(tmpdir(), "fincoach-bench-operator-"));
  const stops: Array<() => Promise<void>> = [() => cluster.stop()];
  try {
    let main: string | undefined;
    if (under.name === "fincoach") {
      main = under.main ?? (under.shipped ? join(workDir, "operator.mjs") : undefined);
      if (under.shipped) await buildOperator(main);
      log(
        under.shipped ? "operator: the image's bundle and environment" : `operator: ${main ?? "operator/src/main.ts"}`,
      );
    }
    const operator = await startOperatorProcess({
      kubeconfigPath: cluster.operatorUser.kubeconfigPath,
      logPath: join(workDir, "operator.log"),
      cwd: workDir,
      env: { ...(under.name === "fincoach" && under.shipped ? OPERATOR_RUNTIME_ENV : {}), ...under.env },
      heapSnapshots: settings.heapSnapshot && under.name === "fincoach",
      ...(main ? { main } : {}),
      ...(under.name === "controller-runtime" ? { binary: under.binary } : {}),
    });
    stops.unshift(() => operator.stop());
    log(`${under.name} pid ${operator.pid} leading (log ${operator.logPath})`);
    const tracker = new ReadyTracker(KubeConnection.fromFile(cluster.cp.kubeconfigPath), BULK_NS);
    stops.unshift(() => tracker.stop());
    await tracker.start();
    const report: OperatorBenchReport = { memory: [], verdicts: {} };
    const common = { admin: cluster.admin, operator, tracker, namespace: BULK_NS, concurrency, log };
    report.memory.push({ schedules: 0, memory: await memoryAt(operator, settle) });
    log(`1. applying ${count} SyncSchedules (concurrency ${concurrency})…`);
    report.bulk = await bulkApply({
      ...common,
      from: 0,
      to: count,
      readyTarget: count,
      total: count,
      timeoutMs: 900_000,
    });
    report.memory.push({ schedules: count, memory: await memoryAt(operator, settle) });
    log(`2. apply-to-children latency, ${samples} samples…`);
    const latencySamples = await measureApplyLatency({
      admin: cluster.admin,
      connection: KubeConnection.fromFile(cluster.cp.kubeconfigPath),
      namespace: LATENCY_NS,
      samples,
      pauseMs: 250,
      timeoutMs: 30_000,
    });
    report.latency = summarizeLatency(latencySamples);
    if (scaleTo > count + samples) {
      const to = scaleTo - samples;
      log(`3. scaling to ${scaleTo} SyncSchedules (${to - count} more)…`);
      report.scale = await bulkApply({
        ...common,
        from: count,
        to,
        readyTarget: to,
        total: scaleTo,
        timeoutMs: 7_200_000,
      });
      report.memory.push({ schedules: scaleTo, memory: await memoryAt(operator, settle) });
    }
    if (settings.heapSnapshot && under.name === "fincoach") {
      operator.heapSnapshot();
      log(`heap snapshot requested: ${workDir}/Heap.*.heapsnapshot`);
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
    const cpu = await meter.stop();
    const othersShare = cpu.others / (cpu.seconds * cpu.cores);
    log(`other processes on the machine used ${Math.round(othersShare * 100)} % of the cores during this run`);
    return { operator: under.name, report, latencySamples, busyBefore, othersShare };
  } finally {
    for (const stop of stops) await stop();
  }
};
