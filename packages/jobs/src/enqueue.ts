import type { JobsOptions, Queue } from "bullmq";
import type { z } from "zod";
import { claimFairPriority, releaseFairSlot, releaseIfAlreadyFinished } from "./fair-share.ts";
import { NonRetryable } from "./non-retryable.ts";
import {
  CategorizePayload,
  DeliverNotificationPayload,
  ImportFilePayload,
  SyncBankPayload,
  SyncMailboxPayload,
} from "./payloads.ts";
import { JOB_NAMES } from "./queues.ts";

/** What an enqueue returns: the BullMQ job id (equal for a repeated, collapsed enqueue). */
export type Enqueued = { bullJobId: string };

const add = async <S extends z.ZodType>(
  queue: Queue,
  name: string,
  schema: S,
  input: z.input<S>,
  bullJobId: string | undefined,
  options: JobsOptions,
): Promise<Enqueued> => {
  // Checked before it reaches Redis: a producer's mistake fails at the producer, loudly.
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new NonRetryable(
      "invalid-payload",
      `${name}: payload fails its schema (${parsed.error.issues.length} issues)`,
    );
  if (!bullJobId || options.priority !== undefined) {
    const job = await queue.add(name, parsed.data, { ...options, ...(bullJobId ? { jobId: bullJobId } : {}) });
    if (job.id === undefined) throw new Error(`${name}: BullMQ returned no job id`);
    return { bullJobId: job.id };
  }
  // Round-robin across people (fair-share.ts): the person's n-th unfinished job gets priority n.
  const { userId } = parsed.data as { userId: string };
  const priority = await claimFairPriority(queue, userId, bullJobId);
  try {
    await queue.add(name, parsed.data, { ...options, jobId: bullJobId, priority });
  } catch (error) {
    await releaseFairSlot(queue, userId, bullJobId);
    throw error;
  }
  await releaseIfAlreadyFinished(queue, userId, bullJobId);
  return { bullJobId };
};

/**
 * The BullMQ job id defaults to the `sync_jobs` row id: enqueuing the same row twice (a
 * retried API call) yields one job. Beat passes its own `<schedule>-<tick>-<connection>`.
 */
export const enqueueSyncMailbox = (
  queue: Queue,
  payload: z.input<typeof SyncMailboxPayload>,
  options: JobsOptions & { bullJobId?: string } = {},
): Promise<Enqueued> => {
  const { bullJobId = payload.jobId, ...rest } = options;
  return add(queue, JOB_NAMES.syncMailbox, SyncMailboxPayload, payload, bullJobId, rest);
};

export const enqueueSyncBank = (
  queue: Queue,
  payload: z.input<typeof SyncBankPayload>,
  options: JobsOptions & { bullJobId?: string } = {},
): Promise<Enqueued> => {
  const { bullJobId = payload.jobId, ...rest } = options;
  return add(queue, JOB_NAMES.syncBank, SyncBankPayload, payload, bullJobId, rest);
};

/** One job per import record: a re-sent upload of the same import does not parse it twice. */
export const enqueueImportFile = (
  queue: Queue,
  payload: z.input<typeof ImportFilePayload>,
  options: JobsOptions = {},
): Promise<Enqueued> =>
  add(queue, JOB_NAMES.importFile, ImportFilePayload, payload, `import-${payload.importId}`, options);

/**
 * Categorization batches get BullMQ's own ids: the same transactions may rightly be
 * categorized again later (new rules), and the pipeline is idempotent per row.
 */
export const enqueueCategorize = (
  queue: Queue,
  payload: z.input<typeof CategorizePayload>,
  options: JobsOptions = {},
): Promise<Enqueued> => add(queue, JOB_NAMES.categorize, CategorizePayload, payload, undefined, options);

/**
 * One job per delivery row, its id the row's: the producer after a fan-out and the sweeper
 * re-queuing a stranded row never make two live jobs for one delivery.
 */
export const enqueueDeliverNotification = (
  queue: Queue,
  payload: z.input<typeof DeliverNotificationPayload>,
  options: JobsOptions = {},
): Promise<Enqueued> =>
  add(queue, JOB_NAMES.deliverNotification, DeliverNotificationPayload, payload, payload.deliveryId, options);
