import { createDatabase } from "@fincoach/db";
import { PgDialect } from "drizzle-orm/pg-core";
import type { BenchUser } from "../api/bench-users.ts";
import type { LoadResult } from "../api/load.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { type Endpoint, statementFor, yearOfMonths } from "./endpoints.ts";

const dialect = new PgDialect();

/** Value at quantile `q` of sorted `xs` (nearest rank, as autocannon's HDR histogram reports). */
const quantile = (xs: Float64Array, q: number) =>
  xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))] ?? 0;

/**
 * The floor: the endpoint's one SQL statement for a random person, straight through
 * postgres.js from this process, `connections` callers back to back over a pool of the API's
 * size. No HTTP, auth, validation, formatting or JSON: what the API would cost if only its
 * SQL did.
 */
export const runSqlFloor = async (opts: {
  name: string;
  endpoint: Endpoint;
  url: string;
  users: readonly BenchUser[];
  connections: number;
  poolSize: number;
  seconds: number;
  warmupSeconds: number;
  quietWaitSeconds: number;
}): Promise<LoadResult> => {
  console.log(`${opts.name}: ${opts.warmupSeconds} s warm-up, ${opts.seconds} s measured`);
  const { sql, close } = createDatabase(opts.url, { max: opts.poolSize });
  const hammer = async (until: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const caller = async () => {
      while (performance.now() < until) {
        const draw = Math.floor(Math.random() * opts.users.length);
        const started = performance.now();
        try {
          // Building the statement is part of the floor: the API pays for it too.
          const q = dialect.sqlToQuery(statementFor(opts.endpoint, opts.users[draw]!.userId, yearOfMonths(draw).range));
          await sql.unsafe(q.sql, q.params as never[]);
          latencies.push(performance.now() - started);
        } catch (e) {
          if (errors++ === 0) console.log(`  floor query failed: ${String(e)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: opts.connections }, caller));
    return { latencies: Float64Array.from(latencies).sort(), errors };
  };
  try {
    const cpuBusyBefore = await waitForQuietMachine(opts.quietWaitSeconds);
    await hammer(performance.now() + opts.warmupSeconds * 1_000);
    const started = performance.now();
    const { latencies, errors } = await hammer(started + opts.seconds * 1_000);
    const seconds = (performance.now() - started) / 1_000;
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
        mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
      },
      errors,
      timeouts: 0,
      non2xx: 0,
      statusCodes: {},
      cpuBusyBefore,
    };
  } finally {
    await close();
  }
};
