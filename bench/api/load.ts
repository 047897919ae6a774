import autocannon, { type RequestSpec, type Result } from "autocannon";
import { type CpuGroups, type CpuUse, startCpuMeter } from "../shared/cpu-accounting.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";

export type LoadOptions = {
  name: string;
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** How long to wait for other processes on the machine to go quiet before starting. */
  quietWaitSeconds: number;
  requests: RequestSpec[];
  /** Processes whose CPU time is measured over the measured run (server, Postgres, this one). */
  cpu?: CpuGroups;
};

/** One scenario's figures: throughput, latency percentiles (ms) and everything that went wrong. */
export type LoadResult = {
  name: string;
  connections: number;
  seconds: number;
  requestsPerSec: number;
  /** Answered 2xx per second: the work actually done (a 429 is cheap, and must not count as served). */
  okPerSec?: number;
  totalRequests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Share of the machine's CPU busy just before the run (others' processes; ideally near 0). */
  cpuBusyBefore: number;
  /** CPU seconds per process group over the measured run, when `cpu` was given. */
  cpu?: CpuUse;
  /** Which round of the run this was (1-based), when scenarios are measured in rounds. */
  round?: number;
  /** On a row summarising several rounds (their medians): how many. */
  rounds?: number;
};

const toLoadResult = (opts: LoadOptions, r: Result, cpuBusyBefore: number, cpu?: CpuUse): LoadResult => ({
  name: opts.name,
  connections: opts.connections,
  seconds: r.duration,
  // Completed requests over the measured wall time (autocannon's per-second average can
  // drop the last partial second).
  requestsPerSec: r.latency.totalCount / r.duration,
  okPerSec: (r.latency.totalCount - r.non2xx) / r.duration,
  totalRequests: r.latency.totalCount,
  latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
  errors: r.errors,
  timeouts: r.timeouts,
  non2xx: r.non2xx,
  statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
  cpuBusyBefore,
  ...(cpu ? { cpu } : {}),
});

/**
 * Runs a short unmeasured warm-up (JIT, connection pools, Postgres caches), then the
 * measured run, with autocannon in this process and the server in its own.
 */
export const runLoad = async (opts: LoadOptions): Promise<LoadResult> => {
  const base = { url: opts.url, connections: opts.connections, requests: opts.requests, timeout: 10 };
  console.log(`${opts.name}: ${opts.warmupSeconds} s warm-up, ${opts.seconds} s measured`);
  const cpuBusyBefore = await waitForQuietMachine(opts.quietWaitSeconds);
  if (opts.warmupSeconds > 0) await autocannon({ ...base, duration: opts.warmupSeconds });
  const meter = opts.cpu ? await startCpuMeter(opts.cpu) : undefined;
  const result = await autocannon({ ...base, duration: opts.seconds });
  return toLoadResult(opts, result, cpuBusyBefore, await meter?.stop());
};
