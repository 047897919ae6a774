import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "@fincoach/testing";
import { OPERATOR_NAMESPACE } from "./bench-cluster.ts";
import { collectGarbage } from "./inspector-gc.ts";
import { MiB, metricSum, parseMetrics, procMemory } from "./process-metrics.ts";

const MAIN = fileURLToPath(new URL("../../operator/src/main.ts", import.meta.url));

/** Memory of the operator process: the kernel's view (/proc) and V8's (its /metrics). */
export type OperatorMemory = {
  rssMiB: number;
  /** Peak RSS since the process started (VmHWM). */
  peakRssMiB: number;
  /** Of the RSS: anonymous memory (heaps, stacks) and file-backed pages (the binary's code). */
  rssAnonMiB: number;
  rssFileMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
};

/** The operator as a child process: its own RSS, its /metrics, its log file. */
export type OperatorProcess = {
  pid: number;
  port: number;
  logPath: string;
  metrics(): Promise<Map<string, number>>;
  memory(): Promise<OperatorMemory>;
  /** Forces a full garbage collection (through the inspector, opened on first use). */
  collectGarbage(): Promise<void>;
  /** Writes a heap snapshot into the operator's working directory (needs `heapSnapshots`). */
  heapSnapshot(): void;
  stop(): Promise<void>;
};

/**
 * Spawns `operator/src/main.ts` with this Node binary (or `binary`: the controller-runtime
 * peer), as the operator's ServiceAccount,
 * and resolves once it leads (is_leader 1) and its informers synced (/readyz 200).
 */
export const startOperatorProcess = async (options: {
  kubeconfigPath: string;
  logPath: string;
  cwd: string;
  env?: Record<string, string>;
  heapSnapshots?: boolean;
  /** Another checkout's `operator/src/main.ts`, to measure a before/after. @default this repo's */
  main?: string;
  /** A native executable to run instead of Node (the controller-runtime peer). */
  binary?: string;
}): Promise<OperatorProcess> => {
  const [port, inspectPort] = [await freePort(), await freePort()];
  const env = {
    PATH: process.env.PATH ?? "",
    KUBECONFIG: options.kubeconfigPath,
    POD_NAMESPACE: OPERATOR_NAMESPACE,
    POD_NAME: "operator-bench",
    METRICS_PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    ROLLOUT_REQUIRE_AVAILABLE: "false",
    ...options.env,
  };
  // The inspector only listens once SIGUSR1 opens it (collectGarbage).
  const flags = [`--inspect-port=127.0.0.1:${inspectPort}`];
  if (options.heapSnapshots) flags.push("--heapsnapshot-signal=SIGUSR2");
  const [file, args] = options.binary ? [options.binary, []] : [process.execPath, [...flags, options.main ?? MAIN]];
  const child: ChildProcess = spawn(file, args, {
    env,
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(options.logPath);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid ?? 0;
  const url = `http://127.0.0.1:${port}`;
  const metrics = async () => parseMetrics(await (await fetch(`${url}/metrics`)).text());
  await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`operator exited (${child.exitCode}); log: ${options.logPath}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    return ready && metricSum(await metrics().catch(() => new Map()), "fincoach_operator_is_leader") === 1;
  }, 120_000);
  return {
    pid,
    port,
    logPath: options.logPath,
    metrics,
    async memory() {
      return { ...(await procMemory(pid)), ...(options.binary ? goHeap : nodeHeap)(await metrics()) };
    },
    collectGarbage: options.binary
      ? async () => {
          await fetch(`${url}/debug/gc`);
        }
      : () => collectGarbage(pid, inspectPort),
    heapSnapshot: () => child.kill("SIGUSR2"),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
};

const nodeHeap = (m: Map<string, number>) => ({
  heapUsedMiB: MiB(metricSum(m, "nodejs_heap_size_used_bytes")),
  heapTotalMiB: MiB(metricSum(m, "nodejs_heap_size_total_bytes")),
  externalMiB: MiB(metricSum(m, "nodejs_external_memory_bytes")),
});

// Go's runtime: live heap objects, the heap's spans taken from the OS, and nothing "external".
const goHeap = (m: Map<string, number>) => ({
  heapUsedMiB: MiB(metricSum(m, "go_memstats_heap_alloc_bytes")),
  heapTotalMiB: MiB(metricSum(m, "go_memstats_heap_sys_bytes") - metricSum(m, "go_memstats_heap_released_bytes")),
  externalMiB: 0,
});

/** Polls `check` every 200 ms until it returns true; throws after `timeoutMs` (or what `check` throws). */
export const waitUntil = async (check: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};
