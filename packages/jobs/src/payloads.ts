import { z } from "zod";
import { TraceCarrier } from "./trace-carrier.ts";

/** Fields every job carries: the `sync_jobs` row it reports into, whose data it is, and the trace. */
const JobBase = z.object({
  /** The `sync_jobs` row id: status and progress the API reports are written there. */
  jobId: z.uuid(),
  /** Whose data: every read and write of the job is scoped to this person. */
  userId: z.uuid(),
  trace: TraceCarrier,
});

/** Fetch a mailbox connection's new mail and turn transaction e-mails into transactions. */
export const SyncMailboxPayload = JobBase.extend({
  connectionId: z.uuid(),
  /** `full` ignores the stored UIDs and rescans from the connection's `since` (nothing duplicates). */
  mode: z.enum(["incremental", "full"]).default("incremental"),
});
export type SyncMailboxPayload = z.infer<typeof SyncMailboxPayload>;

/** Pull a bank-feed connection's changes (Plaid `/transactions/sync` from the stored cursor). */
export const SyncBankPayload = JobBase.extend({
  connectionId: z.uuid(),
});
export type SyncBankPayload = z.infer<typeof SyncBankPayload>;

/**
 * Parse and insert a statement file too large to import inside the API request. The file
 * and how to read it are in PostgreSQL (`import_uploads`), not here: a payload stays a few
 * hundred bytes in Redis, and the file lives where its import's outcome commits.
 */
export const ImportFilePayload = JobBase.extend({
  /** The `imports` row: the import record is where a queued import reports (no sync_jobs row). */
  importId: z.uuid(),
  /** Producers pass `importId` again: a queued import has no sync_jobs row; the worker reads `importId` only. */
  jobId: z.uuid(),
});
export type ImportFilePayload = z.infer<typeof ImportFilePayload>;

/** Run new transactions through the categorization pipeline, in one batch. */
export const CategorizePayload = JobBase.extend({
  /** At most 1,000 per job: the pipeline's batch size, so one job is one model call. */
  transactionIds: z.array(z.uuid()).min(1).max(1000),
});
export type CategorizePayload = z.infer<typeof CategorizePayload>;

/**
 * Make one attempt at a notification delivery (a webhook call or an e-mail). What to send
 * lives in PostgreSQL (`webhook_deliveries`), the outbox; the job only points at the row, and
 * its BullMQ id is the row's id, so queuing a delivery twice yields one job.
 */
export const DeliverNotificationPayload = JobBase.extend({
  /** The delivery row again (no sync_jobs row): producers pass `deliveryId` as `jobId`. */
  deliveryId: z.uuid(),
});
export type DeliverNotificationPayload = z.infer<typeof DeliverNotificationPayload>;
