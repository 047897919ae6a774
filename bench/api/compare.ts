/**
 * Back-to-back comparison of API versions on one scenario: each variant is a checkout of
 * the repository (e.g. `git archive HEAD` unpacked, with node_modules linked), started in
 * turn on the seeded `fincoach_bench` database and loaded exactly like `bench:api` does,
 * round after round, so a busy machine skews every variant alike.
 *
 *   sh scripts/node.sh bench/api/compare.ts --scenario list|mixed|post [--rounds 2] [--seconds 8]
 *     --variant "HEAD=/tmp/fincoach-base" --variant "now=." [--quiet-wait 60]
 */
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { backendPidsOf, benchDatabaseUrl } from "../shared/bench-database.ts";
import { selfPids } from "../shared/cpu-accounting.ts";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { fmt } from "../shared/timing.ts";
import { mintBenchUsers } from "./bench-users.ts";
import { mixRequests } from "./http-requests.ts";
import { runLoad } from "./load.ts";
import { isScenarioName, mixFor } from "./scenarios.ts";
import { startApiServer } from "./start-server.ts";

const { values: args } = parseArgs({
  options: {
    scenario: { type: "string", default: "list" },
    rounds: { type: "string", default: "2" },
    seconds: { type: "string", default: "8" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    "quiet-wait": { type: "string", default: "60" },
    variant: { type: "string", multiple: true, default: [] },
  },
});
const variants = args.variant.map((v) => {
  const at = v.indexOf("=");
  return { name: v.slice(0, at), root: resolve(v.slice(at + 1)) };
});
if (variants.length === 0) throw new Error('give at least one --variant "name=checkout"');

const url = benchDatabaseUrl("fincoach_bench");
const secret = randomBytes(32).toString("hex");
const users = await mintBenchUsers(url, secret, 3_600);
if (!isScenarioName(args.scenario)) throw new Error(`--scenario must be list, mixed or post, not "${args.scenario}"`);
const requests = mixRequests(mixFor(args.scenario, users, await loadRealDescriptions(30_000)), users);
const backends = backendPidsOf("fincoach_bench");
const ms = (seconds: number, n: number) => fmt((seconds * 1_000) / n, 3);

console.log("round  variant  req/s  p50  p99 | CPU ms/request: server  postgres  load gen | others' cores");
for (let round = 1; round <= Number(args.rounds); round++) {
  for (const { name, root } of variants) {
    const api = await startApiServer({ databaseUrl: url, jwtSecret: secret, port: 8094, root });
    try {
      const r = await runLoad({
        name,
        url: api.url,
        connections: Number(args.connections),
        seconds: Number(args.seconds),
        warmupSeconds: Number(args.warmup),
        quietWaitSeconds: Number(args["quiet-wait"]),
        requests,
        cpu: { server: async () => [api.pid], postgres: backends.list, "load gen": selfPids },
      });
      const cpu = r.cpu!;
      const n = r.totalRequests;
      console.log(
        `${round}  ${name}  ${fmt(r.requestsPerSec)}  ${r.latencyMs.p50}  ${r.latencyMs.p99} | ` +
          `${ms(cpu.byGroup.server!, n)}  ${ms(cpu.byGroup.postgres!, n)}  ${ms(cpu.byGroup["load gen"]!, n)} | ` +
          `${fmt(cpu.others / cpu.seconds, 2)}`,
      );
    } finally {
      await api.stop();
    }
  }
}
await backends.close();
