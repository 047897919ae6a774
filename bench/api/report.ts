import type { Machine } from "../shared/machine.ts";
import { median } from "../shared/median.ts";
import { fmt } from "../shared/timing.ts";
import type { LoadResult } from "./load.ts";

/**
 * The targets, at 50 connections on the bench machine: the API serves at least 60 % of the
 * rate at which the database alone runs the same statements for the same traffic (its
 * floor, measured in the same rounds), with a p99 under 50 ms. Held for the list and the
 * mixed workload; POST's ratio is printed without a target.
 */
export const TARGETS = { shareOfFloor: 0.6, p99Ms: 50 } as const;

export type Verdict = { name: string; measured: string; target: string; pass: boolean };

/** One scenario's outcome: the API's rounds' ratios to the floor and the medians they judge by. */
export type ScenarioOutcome = {
  scenario: string;
  /** API 2xx answers/s ÷ floor ops/s, round by round (each pair measured back to back). */
  ofFloorByRound: number[];
  /** The API's p99, median of the rounds (ms). */
  p99Ms: number;
  /** Whether the scenario is held to the targets. */
  judged: boolean;
};

const pct = (x: number) => `${fmt(x * 100, 1)} %`;

/**
 * PASS/FAIL per judged scenario: the median of its rounds' API ÷ floor ratios against
 * `shareOfFloor`, the median p99 against `p99Ms`. A scenario without a pair of runs (the
 * API or the floor left out with --only) gets no ratio verdict rather than a guessed one.
 */
export const judge = (outcomes: readonly ScenarioOutcome[], rounds: number): Verdict[] => {
  const of = rounds > 1 ? `, median of ${rounds} rounds` : "";
  return outcomes
    .filter((o) => o.judged)
    .flatMap((o) => {
      const ratio =
        o.ofFloorByRound.length > 0
          ? [
              {
                name: `${o.scenario}: API 2xx/s ÷ DB floor ops/s${of}`,
                measured: pct(median(o.ofFloorByRound)),
                target: `>= ${TARGETS.shareOfFloor * 100} %`,
                pass: median(o.ofFloorByRound) >= TARGETS.shareOfFloor,
              },
            ]
          : [];
      return [
        ...ratio,
        {
          name: `${o.scenario}: API p99 latency${of}`,
          measured: `${fmt(o.p99Ms, 1)} ms`,
          target: `< ${TARGETS.p99Ms} ms`,
          pass: o.p99Ms < TARGETS.p99Ms,
        },
      ];
    });
};

const row = (cells: string[], widths: number[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");

/** A row's label: which round it was, or that it is the rounds' median. */
const label = (r: LoadResult) =>
  r.rounds ? `${r.name} (median)` : r.round !== undefined ? `${r.name} [${r.round}]` : r.name;

/**
 * Where each scenario's CPU went, per request: on two shared cores, 2 s of CPU per second
 * divided by the CPU a request costs in all processes together is the most it can serve.
 */
const printCpu = (results: LoadResult[]): void => {
  const measured = results.filter((r) => r.cpu);
  if (measured.length === 0) return;
  const groups = [...new Set(measured.flatMap((r) => Object.keys(r.cpu!.byGroup)))];
  const widths = [36, ...groups.map(() => 17), 11, 15];
  console.log("\nCPU per request, ms: user+system (system alone), measured run, from /proc:");
  console.log("(for a DB floor row, 'server' is this process: the floor's postgres.js client)");
  console.log(row(["scenario", ...groups, "total", "others, cores"], widths));
  for (const r of measured) {
    const cpu = r.cpu!;
    const per = (s: number) => fmt((s * 1_000) / r.totalRequests, 3);
    const total = Object.values(cpu.byGroup).reduce((a, b) => a + b, 0);
    const cells = groups.map((g) =>
      g in cpu.byGroup ? `${per(cpu.byGroup[g]!)} (${per(cpu.systemByGroup[g] ?? 0)})` : "-",
    );
    console.log(row([label(r), ...cells, per(total), fmt(cpu.others / cpu.seconds, 2)], widths));
  }
};

/** Cores other processes may use during a run before its figures stop being comparable. */
const OTHERS_LIMIT = 0.15;

/** "busy before" is one second before the run; this is what others used during it. */
const warnAboutOthers = (results: LoadResult[]): void => {
  for (const r of results) {
    const others = r.cpu ? r.cpu.others / r.cpu.seconds : 0;
    if (others > OTHERS_LIMIT) {
      console.log(
        `note: other processes used ${fmt(others, 2)} cores during "${label(r)}": ` +
          "its figures (and ratios with it) read low; rerun when the machine is quiet.",
      );
    }
  }
};

/** Prints one line per run, the CPU each request cost, the ratios to the floor, the answers, then the verdicts. */
export const printReport = (
  machine: Machine,
  results: LoadResult[],
  outcomes: readonly ScenarioOutcome[],
  verdicts: Verdict[],
  statuses: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map(),
): void => {
  console.log(`\nmachine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  console.log("server, load generator and Postgres share those cores.\n");
  const widths = [36, 6, 10, 10, 9, 9, 9, 7, 8, 7, 12];
  console.log(
    row(
      [
        "scenario",
        "conns",
        "req/s",
        "2xx/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
        "non-2xx",
        "t/outs",
        "busy before",
      ],
      widths,
    ),
  );
  for (const r of results) {
    const { p50, p99, max } = r.latencyMs;
    const ok = fmt(r.okPerSec ?? r.requestsPerSec);
    const cells = [label(r), String(r.connections), fmt(r.requestsPerSec), ok, fmt(p50, 1), fmt(p99, 1), fmt(max, 1)];
    const faults = [String(r.errors), String(r.non2xx), String(r.timeouts)];
    console.log(row([...cells, ...faults, `${fmt(r.cpuBusyBefore * 100)} %`], widths));
  }
  printCpu(results);
  warnAboutOthers(results);
  if (statuses.size > 0) console.log("\nAPI answers by op and status (warm-ups included):");
  for (const [scenario, tally] of statuses) {
    const parts = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${fmt(n)}`);
    console.log(`  ${scenario}: ${parts.join(", ")}`);
  }
  console.log("");
  for (const o of outcomes) {
    if (o.ofFloorByRound.length === 0) continue;
    console.log(
      `      ${`${o.scenario}: API ÷ DB floor`.padEnd(40)}${pct(median(o.ofFloorByRound))}` +
        (o.ofFloorByRound.length > 1 ? `  (rounds: ${o.ofFloorByRound.map(pct).join(", ")})` : ""),
    );
  }
  for (const v of verdicts) {
    console.log(`${v.pass ? "PASS" : "FAIL"}  ${v.name}: ${v.measured} (target ${v.target})`);
  }
};
