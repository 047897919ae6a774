/**
 * Operator benchmarks (issues 3 and 10): a real etcd + kube-apiserver, the CRDs and the
 * operator's RBAC, the operator as a child process (its own RSS), and this process as the
 * load generator; then the same on a fresh cluster for a controller-runtime peer
 * (controller-runtime-peer/, built with Go), and the ratios. Prints figures with PASS/FAIL
 * against the targets; writes JSON to bench/results/. Usage: `npm run bench:operator [--
 * --count 1000 --samples 100 --scale-to 10000 --concurrency 16 --settle 90 --quiet-wait 60
 * --operators fincoach,controller-runtime --heap-snapshot]` (bench/README.md).
 */
import { parseArgs } from "node:util";
import { describeMachine } from "../shared/machine.ts";
import { writeResults } from "../shared/results-file.ts";
import { comparePeer, printComparison } from "./comparison.ts";
import { benchOperator, type OperatorRun, type OperatorUnderTest } from "./operator-run.ts";
import { buildControllerRuntimePeer } from "./peer-build.ts";
import { printReport } from "./report.ts";

const { values: flags } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    samples: { type: "string", default: "100" },
    "scale-to": { type: "string", default: "10000" },
    concurrency: { type: "string", default: "16" },
    // V8 gives memory back (its memory reducer) only after several idle seconds.
    settle: { type: "string", default: "90" },
    /** Concurrent reconciles of both operators (ours and the peer default to 4). */
    workers: { type: "string" },
    /** KEY=VALUE for our operator's environment (repeatable), e.g. NODE_OPTIONS=--max-semi-space-size=2. */
    env: { type: "string", multiple: true, default: [] },
    "quiet-wait": { type: "string", default: "60" },
    "heap-snapshot": { type: "boolean", default: false },
    /** Which operators to run, in order: fincoach, controller-runtime (both by default). */
    operators: { type: "string", default: "fincoach,controller-runtime" },
    /** Run another checkout's operator (e.g. a git worktree of the previous commit) for a before/after. */
    "operator-main": { type: "string" },
    /** Run operator/src/main.ts with Node's defaults (as the tests do) instead of the image's bundle and env. */
    "from-source": { type: "boolean", default: false },
  },
});
const settings = {
  count: Number(flags.count),
  samples: Number(flags.samples),
  scaleTo: Number(flags["scale-to"]),
  concurrency: Number(flags.concurrency),
  settle: Number(flags.settle),
  quietWait: Number(flags["quiet-wait"]),
  heapSnapshot: flags["heap-snapshot"],
};
const log = (line: string) => console.log(line);
const which = flags.operators.split(",").map((s) => s.trim());
const unknown = which.filter((w) => w !== "fincoach" && w !== "controller-runtime");
if (unknown.length > 0) throw new Error(`--operators: unknown ${unknown.join(", ")} (fincoach, controller-runtime)`);

const machine = describeMachine();
log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}`);
const workers: Record<string, string> = flags.workers ? { WORKERS: flags.workers } : {};
const operators: OperatorUnderTest[] = [];
for (const name of which) {
  if (name === "fincoach") {
    const env = Object.fromEntries(
      flags.env.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
    );
    const shipped = !flags["from-source"] && !flags["operator-main"];
    operators.push({ name, main: flags["operator-main"], shipped, env: { ...workers, ...env } });
    if (flags.env.length > 0) log(`fincoach operator environment: ${flags.env.join(" ")}`);
  } else {
    // Built before any cluster starts, so the Go build's CPU is not in any figure.
    operators.push({ name: "controller-runtime", binary: await buildControllerRuntimePeer(log), env: workers });
  }
}
const runs: OperatorRun[] = [];
for (const under of operators) runs.push(await benchOperator(under, settings, log));
for (const run of runs) {
  log(
    `\n-- ${run.operator} (cores busy before: ${Math.round(run.busyBefore * 100)} %, others during: ${Math.round(run.othersShare * 100)} %)`,
  );
  printReport(run.report, log);
}
const ours = runs.find((r) => r.operator === "fincoach");
const peer = runs.find((r) => r.operator === "controller-runtime");
const comparison = ours && peer ? comparePeer(ours.report, peer.report, settings.scaleTo) : undefined;
if (comparison) printComparison(comparison, log);
const path = await writeResults("operator", { machine, flags, runs, comparison });
log(`\nresults: ${path}`);
