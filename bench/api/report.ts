import type { Machine } from "../shared/machine.ts";
import { fmt } from "../shared/timing.ts";
import type { LoadResult } from "./load.ts";

/** The targets the API is held to, at 50 connections on the bench machine. */
export const TARGETS = { listShareOfBare: 0.4, listP99Ms: 25 } as const;

export type Verdict = { name: string; measured: string; target: string; pass: boolean };

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

/** Prints one line per scenario, then the verdicts. */
export const printReport = (machine: Machine, results: LoadResult[], verdicts: Verdict[]): void => {
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
  console.log("");
  for (const v of verdicts) {
    console.log(`${v.pass ? "PASS" : "FAIL"}  ${v.name}: ${v.measured} (target ${v.target})`);
  }
};
