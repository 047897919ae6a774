import { SYNC_JOB_KINDS, SYNC_JOB_STATUSES, type SyncJob } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";

export const SyncJobView = z
  .object({
    id: Uuid,
    connectionId: Uuid.nullable(),
    kind: z.enum(SYNC_JOB_KINDS),
    status: z.enum(SYNC_JOB_STATUSES),
    progress: z.int().min(0).max(100),
    /** Items looked at so far; once completed, processed = inserted + duplicates + skipped + failed. */
    processed: z.int(),
    inserted: z.int(),
    duplicates: z.int(),
    skipped: z.int(),
    failed: z.int(),
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    error: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "SyncJob" });
export type SyncJobView = z.infer<typeof SyncJobView>;

export const toSyncJobView = (j: SyncJob): SyncJobView => ({
  id: j.id,
  connectionId: j.connectionId,
  kind: j.kind,
  status: j.status,
  progress: j.progress,
  processed: j.processed,
  inserted: j.inserted,
  duplicates: j.duplicates,
  skipped: j.skipped,
  failed: j.failed,
  startedAt: j.startedAt?.toISOString() ?? null,
  finishedAt: j.finishedAt?.toISOString() ?? null,
  error: j.error,
  createdAt: j.createdAt.toISOString(),
});
