import type { Machine } from "../shared/machine.ts";
import { fmt } from "../shared/timing.ts";
import type { LoadResult } from "./load.ts";

/** The targets the API is held to, at 50 connections on the bench machine. */
export const TARGETS = { listShareOfBare: 0.4, listP99Ms: 25 } as const;

export type Verdict = { name: string; measured: string; target: string; pass: boolean };

/** Context for the verdicts: the list's req/s as a share of the two baselines of the same run. */
export type Ratios = { listOfBare?: number; listOfFloor?: number };

export const ratios = (list?: LoadResult, bare?: LoadResult, floor?: LoadResult): Ratios => ({
  ...(list && bare ? { listOfBare: list.requestsPerSec / bare.requestsPerSec } : {}),
  ...(list && floor ? { listOfFloor: list.requestsPerSec / floor.requestsPerSec } : {}),
});

/** PASS/FAIL of the list scenario against the bare-Hono baseline measured in the same run. */
export const judge = (list: LoadResult, bare: LoadResult): Verdict[] => {
  const share = list.requestsPerSec / bare.requestsPerSec;
  return [
    {
      name: "list req/s ÷ bare Hono req/s",
      measured: `${fmt(share * 100, 1)} %`,
      target: `>= ${TARGETS.listShareOfBare * 100} %`,
      pass: share >= TARGETS.listShareOfBare,
    },
    {
      name: "list p99 latency",
      measured: `${fmt(list.latencyMs.p99, 1)} ms`,
      target: `< ${TARGETS.listP99Ms} ms`,
      pass: list.latencyMs.p99 < TARGETS.listP99Ms,
    },
  ];
};

const row = (cells: string[], widths: number[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");

const pct = (x: number) => `${fmt(x * 100, 1)} %`;

/**
 * Where each scenario's CPU went, per request: on two shared cores, 2 s of CPU per second
 * divided by the CPU a request costs in all processes together is the most it can serve.
 */
const printCpu = (results: LoadResult[]): void => {
  const measured = results.filter((r) => r.cpu);
  if (measured.length === 0) return;
  const groups = [...new Set(measured.flatMap((r) => Object.keys(r.cpu!.byGroup)))];
  const widths = [24, ...groups.map(() => 17), 11, 15];
  console.log("\nCPU per request, ms: user+system (system alone), measured run, from /proc:");
  console.log(row(["scenario", ...groups, "total", "others, cores"], widths));
  for (const r of measured) {
    const cpu = r.cpu!;
    const per = (s: number) => fmt((s * 1_000) / r.totalRequests, 3);
    const total = Object.values(cpu.byGroup).reduce((a, b) => a + b, 0);
    // "total (kernel)": the kernel's part is mostly loopback TCP, charged to whoever sends.
    const cells = groups.map((g) =>
      g in cpu.byGroup ? `${per(cpu.byGroup[g]!)} (${per(cpu.systemByGroup[g] ?? 0)})` : "-",
    );
    console.log(row([r.name, ...cells, per(total), fmt(cpu.others / cpu.seconds, 2)], widths));
  }
};

/** Prints one line per scenario, the CPU each request cost, the ratios, then the verdicts. */
export const printReport = (machine: Machine, results: LoadResult[], verdicts: Verdict[], rs: Ratios = {}): void => {
  console.log(`\nmachine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  console.log("server, load generator and Postgres share those cores.\n");
  const widths = [24, 6, 10, 9, 9, 9, 7, 8, 7, 12];
  console.log(
    row(
      ["scenario", "conns", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "non-2xx", "t/outs", "busy before"],
      widths,
    ),
  );
  for (const r of results) {
    const { p50, p99, max } = r.latencyMs;
    const cells = [r.name, String(r.connections), fmt(r.requestsPerSec), fmt(p50, 1), fmt(p99, 1), fmt(max, 1)];
    const faults = [String(r.errors), String(r.non2xx), String(r.timeouts)];
    console.log(row([...cells, ...faults, `${fmt(r.cpuBusyBefore * 100)} %`], widths));
  }
  printCpu(results);
  console.log("");
  if (rs.listOfBare !== undefined) console.log(`      list req/s ÷ bare Hono req/s: ${pct(rs.listOfBare)}`);
  if (rs.listOfFloor !== undefined) console.log(`      list req/s ÷ DB floor q/s:    ${pct(rs.listOfFloor)}`);
  for (const v of verdicts) {
    console.log(`${v.pass ? "PASS" : "FAIL"}  ${v.name}: ${v.measured} (target ${v.target})`);
  }
};
