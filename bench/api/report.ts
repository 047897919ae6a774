import type { Machine } from "../shared/machine.ts";
import { fmt } from "../shared/timing.ts";
import type { LoadResult } from "./load.ts";

/** The targets the API is held to, at 50 connections on the bench machine. */
export const TARGETS = { listShareOfBare: 0.4, listP99Ms: 25 } as const;

export type Verdict = { name: string; measured: string; target: string; pass: boolean };

/**
 * Context for the verdicts, all req/s of the same run (each scenario measured in rounds
 * as the median of its rounds): the list as a share of each baseline,
 * and the list-sized baselines (a constant page, a page stringified per request) as a share
 * of hello world: the most any list endpoint could score against the 40 % target here.
 */
export type Ratios = {
  listOfBare?: number;
  listOfFloor?: number;
  listOfPage?: number;
  listOfPageJson?: number;
  pageOfBare?: number;
  pageJsonOfBare?: number;
};

/** The scenarios of one run that the ratios are taken between (any may be missing). */
export type Baselines = {
  list?: LoadResult;
  bare?: LoadResult;
  floor?: LoadResult;
  page?: LoadResult;
  pageJson?: LoadResult;
};

const share = (part?: LoadResult, whole?: LoadResult) =>
  part && whole ? part.requestsPerSec / whole.requestsPerSec : undefined;

export const ratios = (b: Baselines): Ratios => {
  const all: Ratios = {
    listOfBare: share(b.list, b.bare),
    listOfFloor: share(b.list, b.floor),
    listOfPage: share(b.list, b.page),
    listOfPageJson: share(b.list, b.pageJson),
    pageOfBare: share(b.page, b.bare),
    pageJsonOfBare: share(b.pageJson, b.bare),
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
};

/** How each ratio is printed, in order. */
const RATIO_LABELS: [keyof Ratios, string][] = [
  ["pageOfBare", "constant page req/s ÷ bare Hono req/s"],
  ["pageJsonOfBare", "stringified page req/s ÷ bare Hono req/s"],
  ["listOfBare", "list req/s ÷ bare Hono req/s"],
  ["listOfPage", "list req/s ÷ constant page req/s"],
  ["listOfPageJson", "list req/s ÷ stringified page req/s"],
  ["listOfFloor", "list req/s ÷ DB floor q/s"],
];

/**
 * PASS/FAIL of the list against bare Hono measured in the same run: `listOfBare` is the
 * median over rounds of each round's list ÷ hello world, `listP99Ms` the median p99.
 */
export const judge = ({
  listOfBare,
  listP99Ms,
  rounds,
}: {
  listOfBare: number;
  listP99Ms: number;
  rounds: number;
}): Verdict[] => {
  const of = rounds > 1 ? `, median of ${rounds} rounds` : "";
  return [
    {
      name: `list req/s ÷ bare Hono req/s${of}`,
      measured: `${fmt(listOfBare * 100, 1)} %`,
      target: `>= ${TARGETS.listShareOfBare * 100} %`,
      pass: listOfBare >= TARGETS.listShareOfBare,
    },
    {
      name: `list p99 latency${of}`,
      measured: `${fmt(listP99Ms, 1)} ms`,
      target: `< ${TARGETS.listP99Ms} ms`,
      pass: listP99Ms < TARGETS.listP99Ms,
    },
  ];
};

const row = (cells: string[], widths: number[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");

const pct = (x: number) => `${fmt(x * 100, 1)} %`;

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
  const widths = [32, ...groups.map(() => 17), 11, 15];
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

/** Prints one line per scenario, the CPU each request cost, the ratios, then the verdicts. */
export const printReport = (
  machine: Machine,
  results: LoadResult[],
  verdicts: Verdict[],
  rs: Ratios = {},
  listOfBareByRound: number[] = [],
): void => {
  console.log(`\nmachine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  console.log("server, load generator and Postgres share those cores.\n");
  const widths = [37, 6, 10, 9, 9, 9, 7, 8, 7, 12];
  console.log(
    row(
      ["scenario", "conns", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "non-2xx", "t/outs", "busy before"],
      widths,
    ),
  );
  for (const r of results) {
    const { p50, p99, max } = r.latencyMs;
    const cells = [label(r), String(r.connections), fmt(r.requestsPerSec), fmt(p50, 1), fmt(p99, 1), fmt(max, 1)];
    const faults = [String(r.errors), String(r.non2xx), String(r.timeouts)];
    console.log(row([...cells, ...faults, `${fmt(r.cpuBusyBefore * 100)} %`], widths));
  }
  printCpu(results);
  warnAboutOthers(results);
  console.log("");
  for (const [key, label] of RATIO_LABELS) {
    const r = rs[key];
    if (r !== undefined) console.log(`      ${label.padEnd(42)}${pct(r)}`);
  }
  if (listOfBareByRound.length > 1) {
    console.log(`      ${"list ÷ bare Hono, round by round".padEnd(42)}${listOfBareByRound.map(pct).join(", ")}`);
  }
  if (rs.pageOfBare !== undefined && rs.pageOfBare < TARGETS.listShareOfBare) {
    console.log(
      `note: a constant list page is ${pct(rs.pageOfBare)} of bare Hono's req/s, below the list target ` +
        `(>= ${TARGETS.listShareOfBare * 100} %) with no work at all: no list endpoint can meet it here.`,
    );
  }
  for (const v of verdicts) {
    console.log(`${v.pass ? "PASS" : "FAIL"}  ${v.name}: ${v.measured} (target ${v.target})`);
  }
};
