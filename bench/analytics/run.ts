/**
 * Analytics benchmark: the four /v1/analytics endpoints, each asked for a year of monthly
 * figures (twelve calendar months up to today, in one of four time zones) for a person drawn
 * uniformly from the 1,000 of bench:api's 1,000,000-transaction database, by `--connections`
 * concurrent HTTP clients (autocannon) against the real API in its own process. Each endpoint
 * is paired in the same run with its floor: the same SQL statement alone on postgres.js at the
 * same concurrency. Target: API p99 < 100 ms for each endpoint.
 *
 *   npm run bench:analytics [-- --fresh --seconds 10 --warmup 3 --connections 8 --quiet-wait 60 --pool 10]
 *                           [--only cash-flow,spending,net-worth,merchants]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { RequestSpec } from "autocannon";
import { mintBenchUsers } from "../api/bench-users.ts";
import { type LoadResult, runLoad } from "../api/load.ts";
import { DEFAULT_SEED, prepareBenchDatabase } from "../api/seed-database.ts";
import { startApiServer } from "../api/start-server.ts";
import { describeMachine } from "../shared/machine.ts";
import { writeResults } from "../shared/results-file.ts";
import { fmt } from "../shared/timing.ts";
import { ENDPOINTS, type Endpoint, yearOfMonths } from "./endpoints.ts";
import { runSqlFloor } from "./sql-floor.ts";

const { values: args } = parseArgs({
  options: {
    /** Reseed even if the database holds the seed (bench:api's writes leave it slightly larger). */
    fresh: { type: "boolean", default: false },
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "8" },
    "quiet-wait": { type: "string", default: "60" },
    pool: { type: "string", default: "10" },
    /** Endpoints to measure, comma-separated. */
    only: { type: "string", default: ENDPOINTS.join(",") },
  },
});
const TARGET_P99_MS = 100;
const DATABASE = "fincoach_bench";
const JWT_SECRET = randomBytes(32).toString("hex");
const load = {
  connections: Number(args.connections),
  seconds: Number(args.seconds),
  warmupSeconds: Number(args.warmup),
  quietWaitSeconds: Number(args["quiet-wait"]),
};
const pool = Number(args.pool);
const endpoints = args.only.split(",").map((e) => {
  const endpoint = ENDPOINTS.find((known) => known === e);
  if (!endpoint) throw new Error(`--only: unknown endpoint "${e}" (known: ${ENDPOINTS.join(", ")})`);
  return endpoint;
});

const machine = describeMachine();
const seed = await prepareBenchDatabase(DATABASE, DEFAULT_SEED, !args.fresh);
console.log(
  seed.reused
    ? `reused ${DATABASE}`
    : `${DATABASE}: migrated in ${fmt(seed.seconds.migrate, 2)} s, seeded in ${fmt(seed.seconds.seed, 1)} s`,
);
const users = await mintBenchUsers(seed.url, JWT_SECRET, 3_600);

/** Every request a random person's year of months; statuses tallied so a 4xx/5xx can't pass unseen. */
const requestsFor = (endpoint: Endpoint, statuses: Map<number, number>): RequestSpec[] => [
  {
    method: "GET",
    path: "/",
    setupRequest: (req) => {
      const draw = Math.floor(Math.random() * users.length);
      return {
        ...req,
        path: `/v1/analytics/${endpoint}?${yearOfMonths(draw).query}`,
        headers: { authorization: `Bearer ${users[draw]!.token}` },
      };
    },
    onResponse: (status) => void statuses.set(status, (statuses.get(status) ?? 0) + 1),
  },
];

const api = await startApiServer({
  databaseUrl: seed.url,
  jwtSecret: JWT_SECRET,
  port: 8093,
  env: { DATABASE_POOL_SIZE: String(pool) },
});
const results: { endpoint: Endpoint; api: LoadResult; floor: LoadResult; statuses: Record<string, number> }[] = [];
try {
  const probe = await fetch(`${api.url}/v1/analytics/spending?${yearOfMonths(0).query}`, {
    headers: { authorization: `Bearer ${users[0]!.token}` },
  });
  const body = await probe.text();
  if (!probe.ok) throw new Error(`probe: GET /v1/analytics/spending -> ${probe.status} ${body.slice(0, 300)}`);
  console.log(`probe: GET /v1/analytics/spending -> ${probe.status}, ${fmt(body.length)} bytes`);
  for (const endpoint of endpoints) {
    const statuses = new Map<number, number>();
    const apiResult = await runLoad({
      ...load,
      name: `API ${endpoint}`,
      url: api.url,
      requests: requestsFor(endpoint, statuses),
    });
    const floor = await runSqlFloor({
      ...load,
      name: `SQL floor ${endpoint}`,
      endpoint,
      url: seed.url,
      users,
      poolSize: pool,
    });
    results.push({ endpoint, api: apiResult, floor, statuses: Object.fromEntries(statuses) });
  }
} finally {
  await api.stop();
}

const ms = (n: number) => fmt(n, n < 10 ? 1 : 0);
console.log(
  `\n${machine.cores} cores, ${machine.cpu}, Node ${machine.node}; ${load.connections} connections, ${load.seconds} s each`,
);
console.log(
  "endpoint     | API p50 | API p99 | API req/s | floor p50 | floor p99 | floor q/s | busy before | p99 < 100 ms",
);
let failed = false;
for (const r of results) {
  const ok = r.api.latencyMs.p99 < TARGET_P99_MS && r.api.non2xx === 0 && r.api.errors === 0;
  failed ||= !ok;
  console.log(
    [
      r.endpoint.padEnd(12),
      ms(r.api.latencyMs.p50).padStart(7),
      ms(r.api.latencyMs.p99).padStart(7),
      fmt(r.api.requestsPerSec).padStart(9),
      ms(r.floor.latencyMs.p50).padStart(9),
      ms(r.floor.latencyMs.p99).padStart(9),
      fmt(r.floor.requestsPerSec).padStart(9),
      `${Math.round(r.api.cpuBusyBefore * 100)} % / ${Math.round(r.floor.cpuBusyBefore * 100)} %`.padStart(11),
      `${ok ? "PASS" : "FAIL"} ${JSON.stringify(r.statuses)}`,
    ].join(" | "),
  );
}
const path = await writeResults("analytics", { machine, load, pool, seed, results, at: new Date().toISOString() });
console.log(`\nresults written to ${path}`);
process.exitCode = failed ? 1 : 0;
