/**
 * API benchmark: seeds 1,000 people and 1,000,000 transactions, starts the real API and a
 * bare Hono server as child processes, and loads them with autocannon from this process.
 * The bare server answers hello world and, as list-sized baselines, one real list page:
 * as constant bytes and stringified per request. Hello world, the page baselines and the
 * list are measured in rounds, in turn. After the rounds: the database floor (the list's
 * own statement run directly on postgres.js from this process, with the same concurrency
 * and the API's pool size) and POST.
 *
 *   npm run bench:api [-- --reuse --seconds 12 --warmup 3 --connections 50 --quiet-wait 120 --rounds 3]
 *                     [--only bare,page,page-json,floor,list,post] [--pool <API's pool size>]
 *                     [--api-root <checkout>]
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { RequestSpec } from "autocannon";
import { DATABASE_POOL_SIZE } from "../../services/api/src/app.ts";
import { backendPidsOf } from "../shared/bench-database.ts";
import type { ChildServer } from "../shared/child-server.ts";
import { type CpuGroups, selfPids } from "../shared/cpu-accounting.ts";
import { describeMachine } from "../shared/machine.ts";
import { median } from "../shared/median.ts";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { writeResults } from "../shared/results-file.ts";
import { fmt } from "../shared/timing.ts";
import { mintBenchUsers } from "./bench-users.ts";
import { runDbFloor } from "./db-floor.ts";
import { type ListPageFile, writeListPageFile } from "./list-page.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { judge, printReport, ratios } from "./report.ts";
import { medianOfRounds, ratioPerRound } from "./rounds.ts";
import { bareHonoRequests, createTransactionRequests, listTransactionsRequests, pageRequests } from "./scenarios.ts";
import { DEFAULT_SEED, prepareBenchDatabase } from "./seed-database.ts";
import { startApiServer, startBareHono } from "./start-server.ts";

const { values: args } = parseArgs({
  options: {
    reuse: { type: "boolean", default: false },
    seconds: { type: "string", default: "12" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    "quiet-wait": { type: "string", default: "120" },
    /**
     * Hello world, the page baselines and the list are measured this many times, in turn;
     * ratios and verdicts use each scenario's median (the machine drifts by tens of percent
     * from one minute to the next, so a single pair measured minutes apart can mislead).
     */
    rounds: { type: "string", default: "3" },
    /** Scenarios to run, comma-separated (for comparing variants; the README's runs use all of them). */
    only: { type: "string", default: "bare,page,page-json,floor,list,post" },
    /** The DB floor's pool size; the API's own by default, so the two compare like for like. */
    pool: { type: "string", default: String(DATABASE_POOL_SIZE) },
    /** Run the API from another checkout (e.g. `git archive HEAD` unpacked) to compare versions. */
    "api-root": { type: "string" },
  },
});
const only = new Set(args.only.split(","));
const load = {
  connections: Number(args.connections),
  seconds: Number(args.seconds),
  warmupSeconds: Number(args.warmup),
  quietWaitSeconds: Number(args["quiet-wait"]),
};
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`bench:api: --rounds must be a positive integer, not "${args.rounds}"`);
  process.exit(2);
}
const DATABASE = "fincoach_bench";
const JWT_SECRET = randomBytes(32).toString("hex");

/**
 * One list request before the load, to show what each measured request returns. A 404 means
 * the transactions routes (written concurrently) aren't registered yet: the run reports the rest.
 */
const probeList = async (api: ChildServer, token: string): Promise<boolean> => {
  const res = await fetch(`${api.url}/v1/transactions?limit=50`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  if (res.status === 404) return false;
  const items = res.ok ? (JSON.parse(body) as { items: unknown[] }).items.length : 0;
  console.log(`probe: GET /v1/transactions?limit=50 -> ${res.status}, ${items} items, ${fmt(body.length)} bytes`);
  return true;
};

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
/** CPU accounting: the process under test, the bench database's Postgres backends, autocannon. */
const cpuOf = (server: number, loadGenerator = true): CpuGroups => ({
  server: async () => [server],
  postgres: backends.list,
  ...(loadGenerator ? { "load gen": selfPids } : {}),
});

/**
 * Before loading the page routes: they must answer the captured bytes, as JSON, both of
 * them (`/page-json` re-serialises the parsed page, which gives the same text back).
 */
const checkPageRoutes = async (bare: ChildServer, file: ListPageFile): Promise<void> => {
  const expected = await readFile(file.path);
  for (const path of ["/page", "/page-json"]) {
    const res = await fetch(`${bare.url}${path}`);
    const body = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !type.startsWith("application/json") || !body.equals(expected)) {
      throw new Error(`bare Hono ${path}: ${res.status} ${type}, ${body.length} bytes, not the captured page`);
    }
  }
};

const pageScenarios = [
  { key: "page", name: "bare Hono GET /page", path: "/page" },
  { key: "page-json", name: "bare Hono GET /page-json", path: "/page-json" },
] as const;
const pagesWanted = pageScenarios.some((p) => only.has(p.key));
const LIST = "GET /v1/transactions";
const BARE = "bare Hono GET /";

/** A scenario measured once per round, against a server that stays up through every round. */
type RoundScenario = { name: string; server: ChildServer; requests: RequestSpec[] };

// The servers of the rounds are all up at once (idle while another is loaded), so each
// round measures hello world, the page baselines and the list within a minute of each other.
const pageFile = pagesWanted ? await writeListPageFile(seed.url, users[0]!.userId) : undefined;
if (pageFile) console.log(`list page for the bare server: ${pageFile.items} items, ${fmt(pageFile.bytes)} bytes`);
const servers: ChildServer[] = [];
const started = async (start: () => Promise<ChildServer>) => {
  const server = await start();
  servers.push(server);
  return server;
};
try {
  const bareServer =
    only.has("bare") || pagesWanted ? await started(() => startBareHono(8091, pageFile?.path)) : undefined;
  const api =
    only.has("list") || only.has("post")
      ? await started(() =>
          startApiServer({
            databaseUrl: seed.url,
            jwtSecret: JWT_SECRET,
            port: 8092,
            ...(args["api-root"] ? { root: args["api-root"] } : {}),
          }),
        )
      : undefined;
  if (bareServer && pageFile) await checkPageRoutes(bareServer, pageFile);
  const listable = api ? await probeList(api, users[0]!.token) : false;
  if (api && !listable)
    console.log("GET/POST /v1/transactions are not registered yet: only the baseline was measured.");

  const inRounds: RoundScenario[] = [
    ...(bareServer && only.has("bare") ? [{ name: BARE, server: bareServer, requests: bareHonoRequests() }] : []),
    ...(bareServer
      ? pageScenarios
          .filter((p) => only.has(p.key))
          .map((p) => ({ ...p, server: bareServer, requests: pageRequests(p.path) }))
      : []),
    ...(api && listable && only.has("list")
      ? [{ name: LIST, server: api, requests: listTransactionsRequests(users) }]
      : []),
  ];
  for (let round = 1; round <= rounds; round++) {
    for (const s of inRounds) {
      const r = await runLoad({
        ...load,
        name: s.name,
        url: s.server.url,
        requests: s.requests,
        cpu: cpuOf(s.server.pid),
      });
      results.push({ ...r, round });
    }
  }

  if (only.has("floor")) {
    results.push(
      await runDbFloor({
        ...load,
        name: "DB floor (page query)",
        url: seed.url,
        poolSize: Number(args.pool),
        userIds: users.map((u) => u.userId),
        // This process is the database's client here: it stands where the API server stands.
        cpu: (self) => cpuOf(self, false),
      }),
    );
  }
  // After the list's rounds: POST adds rows to the pages the list reads.
  if (api && listable && only.has("post")) {
    results.push(
      await runLoad({
        ...load,
        name: "POST /v1/transactions",
        url: api.url,
        cpu: cpuOf(api.pid),
        requests: createTransactionRequests(users, descriptions),
      }),
    );
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await pageFile?.remove();
}

await backends.close();

/** A scenario's row for the ratios: the median of its rounds, or its one run. */
const summary = (name: string): LoadResult | undefined => {
  const runs = results.filter((r) => r.name === name);
  return runs.length ? medianOfRounds(runs) : undefined;
};
const runsOf = (name: string) => results.filter((r) => r.name === name && r.round !== undefined);
const bare = summary(BARE);
const list = summary(LIST);
const summaries = rounds > 1 ? [BARE, ...pageScenarios.map((p) => p.name), LIST].flatMap((n) => summary(n) ?? []) : [];
const listOfBareByRound = ratioPerRound(runsOf(LIST), runsOf(BARE));
const verdicts =
  list && bare ? judge({ listOfBare: median(listOfBareByRound), listP99Ms: list.latencyMs.p99, rounds }) : [];
const rs = ratios({
  list,
  bare,
  floor: results.find((r) => r.name.startsWith("DB floor")),
  page: summary(pageScenarios[0].name),
  pageJson: summary(pageScenarios[1].name),
});
printReport(machine, [...results, ...summaries], verdicts, rs, listOfBareByRound);
const pool = Number(args.pool);
const path = await writeResults("api", {
  machine,
  load,
  pool,
  seed,
  rounds,
  results,
  summaries,
  listOfBareByRound,
  ratios: rs,
  verdicts,
  at: new Date().toISOString(),
});
console.log(`\nresults written to ${path}`);
