import type { SyncCounts } from "./mailbox-job-deps.ts";

/** The job's counts after a batch: `drafts` read, of which `inserted` were new; the rest were already there. */
export const addBatch = (
  before: SyncCounts,
  batch: { drafts: number; inserted: number; skipped: number; failed: number },
): SyncCounts => ({
  processed: before.processed + batch.drafts + batch.skipped + batch.failed,
  inserted: before.inserted + batch.inserted,
  duplicates: before.duplicates + batch.drafts - batch.inserted,
  skipped: before.skipped + batch.skipped,
  failed: before.failed + batch.failed,
});
