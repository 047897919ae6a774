/**
 * API benchmark: seeds 1,000 people and 1,000,000 transactions, starts the real API and a
 * bare Hono server as child processes, and loads them with autocannon from this process.
 *
 *   npm run bench:api [-- --reuse --seconds 12 --warmup 3 --connections 50 --quiet-wait 120]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { ChildServer } from "../shared/child-server.ts";
import { describeMachine } from "../shared/machine.ts";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { writeResults } from "../shared/results-file.ts";
import { fmt } from "../shared/timing.ts";
import { mintBenchUsers } from "./bench-users.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { judge, printReport } from "./report.ts";
import { bareHonoRequests, createTransactionRequests, listTransactionsRequests } from "./scenarios.ts";
import { DEFAULT_SEED, prepareBenchDatabase } from "./seed-database.ts";
import { startApiServer, startBareHono } from "./start-server.ts";

const { values: args } = parseArgs({
  options: {
    reuse: { type: "boolean", default: false },
    seconds: { type: "string", default: "12" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    "quiet-wait": { type: "string", default: "120" },
  },
});
const load = {
  connections: Number(args.connections),
  seconds: Number(args.seconds),
  warmupSeconds: Number(args.warmup),
  quietWaitSeconds: Number(args["quiet-wait"]),
};
const DATABASE = "fincoach_bench";
const JWT_SECRET = randomBytes(32).toString("hex");

/** Runs `fn` against a server started by `start`, stopping the server whatever happens. */
const withServer = async <T>(start: () => Promise<ChildServer>, fn: (s: ChildServer) => Promise<T>): Promise<T> => {
  const server = await start();
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
};

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

results.push(
  await withServer(
    () => startBareHono(8091),
    (s) => runLoad({ ...load, name: "bare Hono GET /", url: s.url, requests: bareHonoRequests() }),
  ),
);

await withServer(
  () => startApiServer({ databaseUrl: seed.url, jwtSecret: JWT_SECRET, port: 8092 }),
  async (api) => {
    if (!(await probeList(api, users[0]!.token))) {
      console.log("GET/POST /v1/transactions are not registered yet: only the baseline was measured.");
      return;
    }
    const base = { ...load, url: api.url };
    results.push(await runLoad({ ...base, name: "GET /v1/transactions", requests: listTransactionsRequests(users) }));
    results.push(
      await runLoad({
        ...base,
        name: "POST /v1/transactions",
        requests: createTransactionRequests(users, descriptions),
      }),
    );
  },
);

const bare = results[0]!;
const list = results.find((r) => r.name === "GET /v1/transactions");
const verdicts = list ? judge(list, bare) : [];
printReport(machine, results, verdicts);
const path = await writeResults("api", { machine, load, seed, results, verdicts, at: new Date().toISOString() });
console.log(`\nresults written to ${path}`);
