/**
 * API benchmark: seeds 1,000 people and 1,000,000 transactions, starts the real API as a
 * child process and loads it with autocannon from this process, scenario by scenario:
 * (a) the list with realistic variety, (b) a mixed 80 % read / 20 % write workload, (c)
 * POST /v1/transactions (traffic-mix.ts states each mix). Each API run is paired with the
 * database floor for the same traffic: the SQL the API issues for it, straight on
 * postgres.js from this process, at the same concurrency over a pool of the API's size
 * (db-floor.ts). Scenarios are measured in rounds, API then floor, so each pair is taken
 * within half a minute; verdicts use the medians of the rounds.
 *
 *   npm run bench:api [-- --reuse --seconds 12 --warmup 3 --connections 50 --quiet-wait 120 --rounds 3]
 *                     [--only list,mixed,post] [--pool 10] [--api-root <checkout>]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { backendPidsOf } from "../shared/bench-database.ts";
import type { ChildServer } from "../shared/child-server.ts";
import { type CpuGroups, selfPids } from "../shared/cpu-accounting.ts";
import { describeMachine } from "../shared/machine.ts";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { writeResults } from "../shared/results-file.ts";
import { fmt } from "../shared/timing.ts";
import { mintBenchUsers } from "./bench-users.ts";
import { runDbFloor } from "./db-floor.ts";
import { mixRequests } from "./http-requests.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { judge, printReport, type ScenarioOutcome } from "./report.ts";
import { medianOfRounds, ratioPerRound } from "./rounds.ts";
import { isScenarioName, mixFor, SCENARIOS, type ScenarioName } from "./scenarios.ts";
import { DEFAULT_SEED, prepareBenchDatabase } from "./seed-database.ts";
import { startApiServer } from "./start-server.ts";

const { values: args } = parseArgs({
  options: {
    reuse: { type: "boolean", default: false },
    seconds: { type: "string", default: "12" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    "quiet-wait": { type: "string", default: "120" },
    /**
     * Every scenario is measured this many times, API then floor, in turn; ratios and
     * verdicts use the medians (the machine drifts by tens of percent from one minute to
     * the next, so a single pair measured minutes apart can mislead).
     */
    rounds: { type: "string", default: "3" },
    /** Scenarios to run, comma-separated. */
    only: { type: "string", default: "list,mixed,post" },
    /** The API's DATABASE_POOL_SIZE, and the floor's pool: the two compare like for like. */
    pool: { type: "string", default: "10" },
    /** Run the API from another checkout (e.g. `git archive HEAD` unpacked) to compare versions. */
    "api-root": { type: "string" },
  },
});
const fail = (message: string): never => {
  console.error(`bench:api: ${message}`);
  process.exit(2);
};
const scenarios = args.only.split(",").map((s) => (isScenarioName(s) ? s : fail(`unknown scenario "${s}" in --only`)));
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) fail(`--rounds must be a positive integer, not "${args.rounds}"`);
const pool = Number(args.pool);
if (!Number.isInteger(pool) || pool < 1) fail(`--pool must be a positive integer, not "${args.pool}"`);
const load = {
  connections: Number(args.connections),
  seconds: Number(args.seconds),
  warmupSeconds: Number(args.warmup),
  quietWaitSeconds: Number(args["quiet-wait"]),
};
const DATABASE = "fincoach_bench";
const JWT_SECRET = randomBytes(32).toString("hex");

const machine = describeMachine();
console.log(
  `preparing ${DATABASE} (${fmt(DEFAULT_SEED.users)} users, ${fmt(DEFAULT_SEED.transactions)} transactions)…`,
);
const seed = await prepareBenchDatabase(DATABASE, DEFAULT_SEED, args.reuse);
console.log(
  seed.reused
    ? "reused the seeded database"
    : `migrated in ${fmt(seed.seconds.migrate, 2)} s, seeded in ${fmt(seed.seconds.seed, 1)} s`,
);

const users = await mintBenchUsers(seed.url, JWT_SECRET, 3_600);
const descriptions = await loadRealDescriptions(30_000);
const results: LoadResult[] = [];
const backends = backendPidsOf(DATABASE);
/** CPU accounting: the process issuing the SQL (API or, for the floor, this one), the bench database's backends, autocannon. */
const cpuOf = (server: number, loadGenerator = true): CpuGroups => ({
  server: async () => [server],
  postgres: backends.list,
  ...(loadGenerator ? { "load gen": selfPids } : {}),
});
const apiName = (s: ScenarioName) => `API ${SCENARIOS[s].title}`;
const floorName = (s: ScenarioName) => `DB floor ${SCENARIOS[s].title}`;

/** One request stream per scenario and side, kept across rounds: cursors and ids seen stay usable. */
const streams = new Map(
  scenarios.map((s) => [s, { api: mixFor(s, users, descriptions), floor: mixFor(s, users, descriptions) }]),
);
const statuses = new Map(scenarios.map((s) => [apiName(s), new Map<string, number>()]));

/** One request before the load, to show what a list request returns (and that the API answers it). */
const probe = async (api: ChildServer) => {
  const res = await fetch(`${api.url}/v1/transactions?limit=50`, {
    headers: { authorization: `Bearer ${users[0]!.token}` },
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`probe: GET /v1/transactions -> ${res.status} ${body.slice(0, 300)}`);
  const items = (JSON.parse(body) as { items: unknown[] }).items.length;
  console.log(`probe: GET /v1/transactions?limit=50 -> ${res.status}, ${items} items, ${fmt(body.length)} bytes`);
};

const api = await startApiServer({
  databaseUrl: seed.url,
  jwtSecret: JWT_SECRET,
  port: 8092,
  env: { DATABASE_POOL_SIZE: String(pool) },
  ...(args["api-root"] ? { root: args["api-root"] } : {}),
});
try {
  await probe(api);
  for (let round = 1; round <= rounds; round++) {
    for (const s of scenarios) {
      const { api: apiMix, floor: floorMix } = streams.get(s)!;
      const requests = mixRequests(apiMix, users, statuses.get(apiName(s)));
      const r = await runLoad({ ...load, name: apiName(s), url: api.url, requests, cpu: cpuOf(api.pid) });
      results.push({ ...r, round });
      const f = await runDbFloor({
        ...load,
        name: floorName(s),
        url: seed.url,
        poolSize: pool,
        users,
        mix: floorMix,
        // This process is the database's client here: it stands where the API server stands.
        cpu: (self) => cpuOf(self, false),
      });
      results.push({ ...f, round });
    }
  }
} finally {
  await api.stop();
  await backends.close();
}

const runsOf = (name: string) => results.filter((r) => r.name === name);
const summaries =
  rounds > 1 ? scenarios.flatMap((s) => [apiName(s), floorName(s)]).map((n) => medianOfRounds(runsOf(n))) : [];
const outcomes: ScenarioOutcome[] = scenarios.map((s) => ({
  scenario: SCENARIOS[s].title,
  ofFloorByRound: ratioPerRound(runsOf(apiName(s)), runsOf(floorName(s))),
  p99Ms: medianOfRounds(runsOf(apiName(s))).latencyMs.p99,
  judged: SCENARIOS[s].judged,
}));
const verdicts = judge(outcomes, rounds);
printReport(machine, [...results, ...summaries], outcomes, verdicts, statuses);
const path = await writeResults("api", {
  machine,
  load,
  pool,
  seed,
  rounds,
  scenarios: Object.fromEntries(scenarios.map((s) => [s, SCENARIOS[s]])),
  results,
  summaries,
  outcomes,
  statuses: Object.fromEntries([...statuses].map(([k, v]) => [k, Object.fromEntries(v)])),
  verdicts,
  at: new Date().toISOString(),
});
console.log(`\nresults written to ${path}`);
