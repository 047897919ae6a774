/**
 * CPU profile of the API under the benchmark's load: starts the real API with
 * `--cpu-prof`, runs one scenario against the already-seeded `fincoach_bench` database,
 * stops the server (the profile is written on exit) and prints where its samples went.
 *
 *   sh scripts/node.sh bench/api/profile.ts [--scenario list|mixed|post] [--seconds 10] [--connections 50]
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { monotonicUs, printProfileSummary, readProfile, summarizeProfile, type Window } from "../shared/cpu-profile.ts";
import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { fmt } from "../shared/timing.ts";
import { mintBenchUsers } from "./bench-users.ts";
import { mixRequests } from "./http-requests.ts";
import { runLoad } from "./load.ts";
import { isScenarioName, mixFor } from "./scenarios.ts";
import { DEFAULT_SEED, prepareBenchDatabase } from "./seed-database.ts";
import { startApiServer } from "./start-server.ts";

const { values: args } = parseArgs({
  options: {
    scenario: { type: "string", default: "list" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    "quiet-wait": { type: "string", default: "60" },
  },
});
const JWT_SECRET = randomBytes(32).toString("hex");
const seed = await prepareBenchDatabase("fincoach_bench", DEFAULT_SEED, true);
const users = await mintBenchUsers(seed.url, JWT_SECRET, 3_600);
if (!isScenarioName(args.scenario)) throw new Error(`--scenario must be list, mixed or post, not "${args.scenario}"`);
const requests = mixRequests(mixFor(args.scenario, users, await loadRealDescriptions(30_000)), users);

// Wait before the server starts, so the profile's measured window is the load alone.
const busyBefore = await waitForQuietMachine(Number(args["quiet-wait"]));
const dir = await mkdtemp(join(tmpdir(), "fincoach-cpuprof-"));
const api = await startApiServer({
  databaseUrl: seed.url,
  jwtSecret: JWT_SECRET,
  port: 8093,
  env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` },
});
let result: Awaited<ReturnType<typeof runLoad>>;
let window: Window;
try {
  const load = { name: args.scenario, url: api.url, connections: Number(args.connections), requests };
  await runLoad({ ...load, seconds: 3, warmupSeconds: 0, quietWaitSeconds: 0 });
  const fromUs = monotonicUs();
  result = await runLoad({ ...load, seconds: Number(args.seconds), warmupSeconds: 0, quietWaitSeconds: 0 });
  window = { fromUs, toUs: monotonicUs() };
} finally {
  await api.stop();
}
const { p50, p99 } = result.latencyMs;
console.log(
  `${args.scenario}: ${fmt(result.requestsPerSec)} req/s, p50 ${p50} ms, p99 ${p99} ms, non-2xx ${result.non2xx}, ` +
    `busy before ${fmt(busyBefore * 100)} % (profiling slows the server)`,
);
// scripts/node.sh runs a short `node -p` first, which writes a profile of its own: the
// server's is the largest.
const sizes = await Promise.all(
  (await readdir(dir))
    .filter((f) => f.endsWith(".cpuprofile"))
    .map(async (f) => ({ f, size: (await stat(join(dir, f))).size })),
);
const file = join(dir, sizes.sort((a, b) => b.size - a.size)[0]!.f);
console.log(`profile: ${file} (open in Chrome DevTools for the call tree)`);
printProfileSummary(summarizeProfile(await readProfile(file), window));
