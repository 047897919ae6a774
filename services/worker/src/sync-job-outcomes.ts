import { Counter, type Registry } from "prom-client";
import type { SyncCounts } from "./mailbox/mailbox-job-deps.ts";

export const SYNC_JOBS_METRIC = "fincoach_sync_jobs_total";

export type SyncKind = "mailbox" | "bank";
export type SyncOutcome = "completed" | "failed";

/** Counts sync jobs that ended for good; `count` is called once the ending committed. */
export type SyncJobOutcomes = {
  count(queue: string, kind: SyncKind, outcome: SyncOutcome): void;
  /**
   * Exports both outcomes of a queue and kind at 0 before any job ends: a series born at 1
   * is invisible to rate() and increase(), so the first failure would not count.
   */
  expect(queue: string, kind: SyncKind): void;
};

/**
 * Registers `fincoach_sync_jobs_total{queue, kind, outcome}` on the worker's registry. One
 * increment per sync job whose row this process moved to `completed` or `failed`: a job is
 * ended once, whichever attempt ends it, so the failure rate is per job, not per attempt.
 */
export const registerSyncJobOutcomes = (registry: Registry): SyncJobOutcomes => {
  const counter = new Counter({
    name: SYNC_JOBS_METRIC,
    help: "Sync jobs this worker ended for good, by queue, kind (mailbox, bank) and outcome (completed, failed); retried attempts are not counted.",
    labelNames: ["queue", "kind", "outcome"],
    registers: [registry],
  });
  return {
    count: (queue, kind, outcome) => counter.inc({ queue, kind, outcome }),
    expect: (queue, kind) => {
      for (const outcome of ["completed", "failed"] as const) counter.inc({ queue, kind, outcome }, 0);
    },
  };
};

/** What both sync stores (mailbox, bank) have: the two calls that end a job's row. */
type EndsJobs = {
  finishJob(userId: string, jobId: string, counts: SyncCounts): Promise<void>;
  failJob(userId: string, jobId: string, error: string, counts: SyncCounts): Promise<void>;
};

/**
 * The store with its job-ending calls counted once they succeed. Counting there, not per
 * attempt, is what makes one job one count: an attempt overtaken by another
 * (`finishedElsewhere` throws SyncSuperseded), a re-run of a completed job (it returns before
 * finishing) and a fail the domain refuses (the row already ended: CONFLICT) count nothing;
 * a retry that is not the last attempt ends nothing.
 */
export const countingJobEnds = <S extends EndsJobs>(
  store: S,
  outcomes: SyncJobOutcomes | undefined,
  queue: string,
  kind: SyncKind,
): S => {
  if (!outcomes) return store;
  outcomes.expect(queue, kind);
  return {
    ...store,
    finishJob: async (userId, jobId, counts) => {
      await store.finishJob(userId, jobId, counts);
      outcomes.count(queue, kind, "completed");
    },
    failJob: async (userId, jobId, error, counts) => {
      await store.failJob(userId, jobId, error, counts);
      outcomes.count(queue, kind, "failed");
    },
  };
};
