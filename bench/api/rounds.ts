import { median } from "../shared/median.ts";
import type { LoadResult } from "./load.ts";

/**
 * One scenario measured in several rounds, as one row: the median of each figure across
 * rounds (max is the largest seen, faults are summed). The rounds' own rows are kept too;
 * this is what the ratios and verdicts use, so one disturbed round can't decide them.
 */
export const medianOfRounds = (runs: readonly LoadResult[]): LoadResult => {
  if (runs.length === 1) return runs[0]!;
  const of = (f: (r: LoadResult) => number) => median(runs.map(f));
  const sum = (f: (r: LoadResult) => number) => runs.reduce((a, r) => a + f(r), 0);
  const first = runs[0]!;
  return {
    name: first.name,
    connections: first.connections,
    seconds: sum((r) => r.seconds),
    requestsPerSec: of((r) => r.requestsPerSec),
    okPerSec: of((r) => r.okPerSec ?? r.requestsPerSec),
    totalRequests: sum((r) => r.totalRequests),
    latencyMs: {
      p50: of((r) => r.latencyMs.p50),
      p90: of((r) => r.latencyMs.p90),
      p99: of((r) => r.latencyMs.p99),
      max: Math.max(...runs.map((r) => r.latencyMs.max)),
      mean: of((r) => r.latencyMs.mean),
    },
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    statusCodes: {},
    cpuBusyBefore: Math.max(...runs.map((r) => r.cpuBusyBefore)),
    rounds: runs.length,
  };
};

/**
 * `part ÷ whole` in each round, by 2xx answers per second where a run counted them, pairing the two scenarios' runs of the same round; none
 * unless both ran in the same rounds (e.g. `--only list` measures no hello world).
 */
export const ratioPerRound = (part: readonly LoadResult[], whole: readonly LoadResult[]): number[] =>
  part.length === whole.length && part.every((p, i) => p.round === whole[i]!.round)
    ? part.map((p, i) => (p.okPerSec ?? p.requestsPerSec) / (whole[i]!.okPerSec ?? whole[i]!.requestsPerSec))
    : [];
