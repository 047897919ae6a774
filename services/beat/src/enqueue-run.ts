import { type Db, syncJobs } from "@fincoach/db";
import { addFairBulk, currentTraceCarrier, JOB_NAMES, SyncBankPayload, SyncMailboxPayload } from "@fincoach/jobs";
import type { Queue } from "bullmq";
import type { ScheduledConnection } from "./select-connections.ts";
import { bullJobIdOf, syncJobRowId } from "./sync-job-id.ts";

/** Rows per INSERT and jobs per addBulk: large enough to amortize round trips, small enough for one statement's parameters. */
const BATCH = 2000;

/** What one run enqueued: its jobs, keyed by `sync_jobs` row id. */
export type EnqueuedRun = { jobs: number; rowIds: string[] };

/**
 * Enqueues one run: a `sync_jobs` row (status queued) and a BullMQ job per connection, both
 * with ids derived from the run, so repeating it (a peer replica, a crash mid-way, a retry)
 * adds nothing: rows `on conflict do nothing`, and BullMQ ignores an `add` whose job id
 * exists (finished jobs are kept a day, see defaultJobOptions). Rows go first: a job whose
 * row is missing would be refused by the worker.
 */
export const enqueueRun = async ({
  db,
  queue,
  namespace,
  run,
  connections,
}: {
  db: Db;
  queue: Queue;
  namespace: string;
  run: string;
  connections: readonly ScheduledConnection[];
}): Promise<EnqueuedRun> => {
  const trace = currentTraceCarrier();
  const planned = connections.map((c) => ({
    connection: c,
    rowId: syncJobRowId(namespace, run, c.id),
    bullJobId: bullJobIdOf(run, c.id),
  }));
  for (let i = 0; i < planned.length; i += BATCH) {
    const rows = planned.slice(i, i + BATCH).map((p) => ({
      id: p.rowId,
      userId: p.connection.userId,
      connectionId: p.connection.id,
      kind: p.connection.type === "imap" ? ("mailbox" as const) : ("bank" as const),
    }));
    await db.insert(syncJobs).values(rows).onConflictDoNothing({ target: syncJobs.id });
  }
  for (let i = 0; i < planned.length; i += BATCH) {
    const jobs = planned.slice(i, i + BATCH).map((p) => {
      const base = { jobId: p.rowId, userId: p.connection.userId, connectionId: p.connection.id, trace };
      // Checked before Redis, as the enqueue helpers do: a bad payload fails here, loudly.
      return p.connection.type === "imap"
        ? {
            name: JOB_NAMES.syncMailbox,
            data: SyncMailboxPayload.parse({ ...base, mode: "incremental" }),
            opts: { jobId: p.bullJobId },
          }
        : { name: JOB_NAMES.syncBank, data: SyncBankPayload.parse(base), opts: { jobId: p.bullJobId } };
    });
    // Fair across people like every other enqueue: a plain addBulk (no priority) would run ahead of them all.
    await addFairBulk(queue, jobs);
  }
  return { jobs: planned.length, rowIds: planned.map((p) => p.rowId) };
};
