/** Pure pieces of the sync benchmark's report: rates, scaling and the verdict against a target. */

export type SyncRun = { workers: number; items: number; seconds: number };

/** Items per second, rounded; a zero-length run is an error, not infinity. */
export const itemsPerSecond = (run: SyncRun): number => {
  if (!(run.seconds > 0)) throw new Error(`run with ${run.workers} workers took ${run.seconds} s`);
  return Math.round(run.items / run.seconds);
};

/** Each run's rate over the 1-worker rate (the scaling curve); null without a 1-worker run. */
export const scaling = (runs: readonly SyncRun[]): Map<number, number | null> => {
  const one = runs.find((r) => r.workers === 1);
  const base = one ? one.items / one.seconds : null;
  return new Map(runs.map((r) => [r.workers, base ? Number((r.items / r.seconds / base).toFixed(2)) : null] as const));
};

/** PASS when the run with `workers` reached `target` items/s; MISSING when there is no such run. */
export const verdict = (runs: readonly SyncRun[], workers: number, target: number): "PASS" | "FAIL" | "MISSING" => {
  const run = runs.find((r) => r.workers === workers);
  if (!run) return "MISSING";
  return itemsPerSecond(run) >= target ? "PASS" : "FAIL";
};
