import { z } from "zod";

const Count = z.int().min(0).max(2_147_483_647);

/** A job's running accounting, as absolute values (a retried report overwrites, never adds twice). */
export const SyncJobCounts = z
  .object({
    processed: Count,
    inserted: Count,
    duplicates: Count,
    skipped: Count,
    failed: Count,
  })
  .strict();
export type SyncJobCounts = z.infer<typeof SyncJobCounts>;

/** Once finished, every item looked at is accounted for exactly once. */
export const accountedFor = (c: SyncJobCounts): boolean =>
  c.processed === c.inserted + c.duplicates + c.skipped + c.failed;
