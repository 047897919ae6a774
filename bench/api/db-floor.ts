import { createDatabase } from "@fincoach/db";
import { type CpuGroups, startCpuMeter } from "../shared/cpu-accounting.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import type { BenchUser } from "./bench-users.ts";
import { createFloorRunner } from "./floor-statements.ts";
import type { LoadResult } from "./load.ts";
import type { TrafficMix } from "./traffic-mix.ts";

export type FloorOptions = {
  name: string;
  url: string;
  /** Concurrent callers, like autocannon's connections. */
  connections: number;
  /** Postgres connections: the API's pool size. */
  poolSize: number;
  seconds: number;
  warmupSeconds: number;
  quietWaitSeconds: number;
  users: readonly BenchUser[];
  /** The scenario's request stream: the same mix the API is loaded with. */
  mix: TrafficMix;
  cpu?: (clientPid: number) => CpuGroups;
};

/** Value at quantile `q` of sorted `xs` (the nearest-rank method, as HDR histograms report). */
const quantile = (xs: Float64Array, q: number) =>
  xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))] ?? 0;

/** `connections` callers, each running the mix's next op back to back until `until` (ms, performance.now()). */
const hammer = async (runOp: ReturnType<typeof createFloorRunner>, opts: FloorOptions, until: number) => {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown;
  const caller = async () => {
    while (performance.now() < until) {
      const op = opts.mix.next();
      const started = performance.now();
      try {
        const seen = await runOp(op);
        latencies.push(performance.now() - started);
        if (seen) opts.mix.saw(seen);
      } catch (e) {
        errors++;
        firstError ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, caller));
  if (firstError) console.log(`  ${errors} floor ops failed; the first: ${String(firstError)}`);
  return { latencies: Float64Array.from(latencies).sort(), errors };
};

/**
 * The database floor: for every op of the scenario's mix, the statements the API issues for
 * it (floor-statements.ts), from this process on postgres.js, with the load's concurrency
 * over a pool of the API's size. No HTTP, no auth, no validation, no JSON: what the API
 * could serve if everything but its SQL were free.
 */
export const runDbFloor = async (opts: FloorOptions): Promise<LoadResult> => {
  console.log(`${opts.name}: ${opts.warmupSeconds} s warm-up, ${opts.seconds} s measured`);
  const database = createDatabase(opts.url, { max: opts.poolSize });
  const runOp = createFloorRunner(database.sql, database.db, opts.users);
  try {
    const cpuBusyBefore = await waitForQuietMachine(opts.quietWaitSeconds);
    await hammer(runOp, opts, performance.now() + opts.warmupSeconds * 1_000);
    const meter = opts.cpu ? await startCpuMeter(opts.cpu(process.pid)) : undefined;
    const started = performance.now();
    const { latencies, errors } = await hammer(runOp, opts, started + opts.seconds * 1_000);
    const seconds = (performance.now() - started) / 1_000;
    const cpu = await meter?.stop();
    const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
    return {
      name: opts.name,
      connections: opts.connections,
      seconds,
      requestsPerSec: latencies.length / seconds,
      totalRequests: latencies.length,
      latencyMs: {
        p50: quantile(latencies, 0.5),
        p90: quantile(latencies, 0.9),
        p99: quantile(latencies, 0.99),
        max: latencies.at(-1) ?? 0,
        mean,
      },
      errors,
      timeouts: 0,
      non2xx: 0,
      statusCodes: {},
      cpuBusyBefore,
      ...(cpu ? { cpu } : {}),
    };
  } finally {
    await database.close();
  }
};
