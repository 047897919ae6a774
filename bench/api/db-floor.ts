import { createDatabase } from "@fincoach/db";
import { pageStatement } from "../../packages/domain/src/transactions/list-query.ts";
import { runPrepared } from "../../packages/domain/src/transactions/prepared.ts";
import { type CpuGroups, startCpuMeter } from "../shared/cpu-accounting.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import type { LoadResult } from "./load.ts";

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
  userIds: readonly string[];
  cpu?: (clientPid: number) => CpuGroups;
};

/** Value at quantile `q` of sorted `xs` (the nearest-rank method, as HDR histograms report). */
const quantile = (xs: Float64Array, q: number) =>
  xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))] ?? 0;

/** `connections` callers, each running the page query back to back until `until` (ms, performance.now()). */
const hammer = async (run: (userId: string) => Promise<unknown>, opts: FloorOptions, until: number) => {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const caller = async () => {
    while (performance.now() < until) {
      const userId = opts.userIds[next++ % opts.userIds.length]!;
      const started = performance.now();
      try {
        await run(userId);
        latencies.push(performance.now() - started);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, caller));
  return { latencies: Float64Array.from(latencies).sort(), errors };
};

/**
 * The database floor: the list endpoint's own statement (`pageStatement`, no filters,
 * limit 50 + 1) run by the API's own function (`runPrepared`: postgres.js, prepared,
 * rows parsed into JS values) from this process, with the load's concurrency over a pool
 * of the API's size, each call for the next person in the same round-robin. No HTTP, no
 * auth, no JSON: what the API could serve if everything but the query were free.
 */
export const runDbFloor = async (opts: FloorOptions): Promise<LoadResult> => {
  console.log(`${opts.name}: ${opts.warmupSeconds} s warm-up, ${opts.seconds} s measured`);
  const database = createDatabase(opts.url, { max: opts.poolSize });
  const statement = pageStatement(new Set());
  const run = (userId: string) => runPrepared(database.db, statement, { userId, limit: 51 });
  try {
    const cpuBusyBefore = await waitForQuietMachine(opts.quietWaitSeconds);
    await hammer(run, opts, performance.now() + opts.warmupSeconds * 1_000);
    const meter = opts.cpu ? await startCpuMeter(opts.cpu(process.pid)) : undefined;
    const started = performance.now();
    const { latencies, errors } = await hammer(run, opts, started + opts.seconds * 1_000);
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
