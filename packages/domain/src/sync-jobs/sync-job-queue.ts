import type { SyncJobKind } from "@fincoach/db";

/** What a queued sync carries: the sync_jobs row it reports into, and whose connection it reads. */
export type SyncJobRequest = { jobId: string; connectionId: string; userId: string; kind: SyncJobKind };

/**
 * Where a requested sync goes to be run (BullMQ in the API; the worker consumes it). A
 * port, so requesting a sync is one use case the API, beat and tests share.
 */
export type SyncJobQueue = { enqueue: (job: SyncJobRequest) => Promise<void> };
