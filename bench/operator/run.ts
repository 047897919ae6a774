/**
 * Operator benchmarks (issue 3): a real etcd + kube-apiserver, the CRDs and the operator's
 * RBAC, the operator as a child process (its own RSS), and this process as the load
 * generator. Prints figures with PASS/FAIL against the targets; writes JSON to
 * bench/results/. Usage: `npm run bench:operator [-- --count 1000 --samples 100
 * --scale-to 10000 --concurrency 16 --settle 90 --heap-snapshot]` (bench/README.md).
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KubeConnection } from "@fincoach/kube";
import { buildOperator } from "@fincoach/operator/build";
import { OPERATOR_RUNTIME_ENV } from "@fincoach/operator/runtime-env";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { describeMachine } from "../shared/machine.ts";
import { writeResults } from "../shared/results-file.ts";
import { measureApplyLatency } from "./apply-latency.ts";
import { startBenchCluster } from "./bench-cluster.ts";
import { startOperatorProcess } from "./operator-process.ts";
import { bulkApply, memoryAt } from "./phases.ts";
import { ReadyTracker } from "./ready-tracker.ts";
import { type OperatorBenchReport, printReport, summarizeLatency } from "./report.ts";

const { values: flags } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    samples: { type: "string", default: "100" },
    "scale-to": { type: "string", default: "10000" },
    concurrency: { type: "string", default: "16" },
    // V8 gives memory back (its memory reducer) only after several idle seconds.
    settle: { type: "string", default: "90" },
    workers: { type: "string" },
    /** KEY=VALUE for the operator's environment (repeatable), e.g. NODE_OPTIONS=--max-semi-space-size=2. */
    env: { type: "string", multiple: true, default: [] },
    "quiet-wait": { type: "string", default: "60" },
    "heap-snapshot": { type: "boolean", default: false },
    /** Run another checkout's operator (e.g. a git worktree of the previous commit) for a before/after. */
    "operator-main": { type: "string" },
    /** Run operator/src/main.ts with Node's defaults (as the tests do) instead of the image's bundle and env. */
    "from-source": { type: "boolean", default: false },
  },
});
const count = Number(flags.count);
const samples = Number(flags.samples);
const scaleTo = Number(flags["scale-to"]);
const concurrency = Number(flags.concurrency);
const settle = Number(flags.settle);
const log = (line: string) => console.log(line);
const BULK_NS = "bench";
const LATENCY_NS = "bench-latency";

const machine = describeMachine();
log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}`);
const busyBefore = await waitForQuietMachine(Number(flags["quiet-wait"]));
log(`cores busy before the run: ${Math.round(busyBefore * 100)} %`);
log("starting etcd + kube-apiserver, installing the CRDs and the operator's RBAC…");
const cluster = await startBenchCluster([BULK_NS, LATENCY_NS]);
const workDir = await mkdtemp(join(tmpdir(), "fincoach-bench-operator-"));
const stops: Array<() => Promise<void>> = [() => cluster.stop()];
try {
  // What the image runs (operator/Dockerfile): the bundle with the image's environment.
  const shipped = !flags["from-source"] && !flags["operator-main"];
  const main = flags["operator-main"] ?? (shipped ? join(workDir, "operator.mjs") : undefined);
  if (shipped) await buildOperator(main);
  log(shipped ? "operator: the image's bundle and environment" : `operator: ${main ?? "operator/src/main.ts"}`);
  const operator = await startOperatorProcess({
    kubeconfigPath: cluster.operatorUser.kubeconfigPath,
    logPath: join(workDir, "operator.log"),
    cwd: workDir,
    env: {
      ...(shipped ? OPERATOR_RUNTIME_ENV : {}),
      ...(flags.workers ? { WORKERS: flags.workers } : {}),
      ...Object.fromEntries(flags.env.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)])),
    },
    heapSnapshots: flags["heap-snapshot"],
    ...(main ? { main } : {}),
  });
  stops.unshift(() => operator.stop());
  log(`operator pid ${operator.pid} leading (log ${operator.logPath})`);
  if (flags.env.length > 0) log(`operator environment: ${flags.env.join(" ")}`);
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
  const latency = await measureApplyLatency({
    admin: cluster.admin,
    connection: KubeConnection.fromFile(cluster.cp.kubeconfigPath),
    namespace: LATENCY_NS,
    samples,
    pauseMs: 250,
    timeoutMs: 30_000,
  });
  report.latency = summarizeLatency(latency);
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
  if (flags["heap-snapshot"]) {
    operator.heapSnapshot();
    log(`heap snapshot requested: ${workDir}/Heap.*.heapsnapshot`);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
  }
  printReport(report, log);
  const path = await writeResults("operator", { machine, busyBefore, flags, ...report, latencySamples: latency });
  log(`\nresults: ${path}`);
} finally {
  for (const stop of stops) await stop();
}
