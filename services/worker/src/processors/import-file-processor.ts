import type { Db } from "@fincoach/db";
import {
  evaluateImportAlerts,
  failQueuedImport,
  getImport,
  type ImportProgress,
  type ImportView,
  refreshRecurringAfterWrite,
  runQueuedImport,
  type ScoreModel,
} from "@fincoach/domain";
import { alertNotificationSink, type Notify } from "@fincoach/domain/notifications";
import { isAppError } from "@fincoach/errors";
import { alertEventSink, publishUserEvent, type UserEvent } from "@fincoach/events";
import { ImportFilePayload, isNonRetryable, JOB_NAMES, NonRetryable } from "@fincoach/jobs";
import { type Logger, safeError } from "@fincoach/logging";
import type { Job } from "bullmq";
import type { Redis } from "ioredis";

export type ImportFileDeps = {
  db: Db;
  /** The shared client (not a blocking one), under the prefix the API's `GET /v1/events` reads. */
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** The categorization pipeline's model stage, as for synchronous imports; absent: rules and memory only. */
  scoreModel?: ScoreModel | undefined;
  /** The person's webhooks and e-mail (docs/notifications.md); absent: none notified. */
  notify?: Notify | undefined;
};

/** Progress is told every this many percentage points: a 100,000-row file sends ~20 events, not 100. */
const PROGRESS_STEP = 5;

/** Told to the person when retries ran out: the cause went to the logs, since it may name internals. */
const GAVE_UP = "the import could not be completed; upload the file again";

/**
 * The `import-file` job: a queued import (a large upload the API answered 202 for) run by
 * runQueuedImport, the same path as a synchronous import, with the worker's model client.
 * Tells the person's live stream `import.progress` as records are written, then
 * `import.completed` (status completed or failed) and `transactions.created`. A refused file
 * or any other failure retrying cannot fix is NonRetryable, its record already failed with
 * the problem's detail and issues; other failures retry, and the last one fails the record.
 * A re-run after a crash inserts nothing twice (see runQueuedImport).
 */
export const importFileProcessor =
  (deps: ImportFileDeps) =>
  async (payload: ImportFilePayload, job: Job): Promise<unknown> => {
    const { userId, importId } = payload;
    const ctx = { db: deps.db, userId };
    const events = importEvents(deps, userId, importId);
    try {
      const view = await runQueuedImport({
        ctx,
        input: { importId },
        scoreModel: deps.scoreModel,
        warn: (message, detail) => deps.logger.warn({ ...detail, userId, importId }, message),
        onProgress: events.progress((percent) => job.updateProgress(percent)),
      });
      await events.finished(view);
      if (view.status === "completed" && view.inserted > 0)
        await deps.notify?.(userId, {
          type: "transactions.created",
          eventId: `transactions.created:import:${importId}`,
          data: { count: view.inserted, importId },
        });
      // Recurring streams before alerts (the price-change alert reads the stored streams), as
      // a synchronous import does; a failed refresh is logged, never fails the committed import.
      if (view.status === "completed" && view.inserted > 0)
        await refreshRecurringAfterWrite({ ctx, accountIds: [view.accountId] }).catch((e: unknown) =>
          deps.logger.warn({ err: safeError(e), userId, importId }, "cannot refresh recurring streams"),
        );
      if (view.status === "completed" && view.inserted > 0)
        await evaluateImportAlerts(deps.db, userId, importId, {
          sinks: [
            alertEventSink(deps.redis, deps.redisPrefix),
            ...(deps.notify ? [alertNotificationSink(deps.notify)] : []),
          ],
          warn: (message, detail) => deps.logger.warn(detail, message),
        });
      return { status: view.status, seen: view.seen, inserted: view.inserted, duplicates: view.duplicates };
    } catch (error) {
      const final = (isAppError(error) && !error.retryable) || isNonRetryable(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final || lastAttempt) await giveUp(deps, ctx, importId, final, error, events);
      if (isAppError(error) && !error.retryable)
        throw new NonRetryable(error.code.toLowerCase(), error.message, { cause: error });
      throw error;
    }
  };

/**
 * For the import worker's `failed` event: a job BullMQ failed for good without the processor
 * having the last word (its worker died on it twice, BullMQ's stalled limit) would leave its
 * record `running` and its file stored for ever; this fails the record, drops the file and
 * tells the person. Any other final failure finds the record already finished and does nothing.
 */
export const importJobFailed =
  (deps: ImportFileDeps) =>
  async (job: Job | undefined): Promise<void> => {
    if (!job?.finishedOn || job.name !== JOB_NAMES.importFile) return;
    const parsed = ImportFilePayload.safeParse(job.data);
    if (!parsed.success) return;
    const { userId, importId } = parsed.data;
    const ctx = { db: deps.db, userId };
    try {
      const now = await getImport({ ctx, input: { id: importId } });
      if (now.status === "completed" || now.status === "failed") return;
      const view = await failQueuedImport({ ctx, input: { importId, error: GAVE_UP } });
      deps.logger.warn({ userId, importId, reason: job.failedReason }, "import failed");
      await importEvents(deps, userId, importId).finished(view);
    } catch (e) {
      deps.logger.warn({ userId, importId, err: safeError(e) }, "cannot record the import's failure");
    }
  };

/** The record failed for good (runQueuedImport already did so for a refused file) and the person told. */
const giveUp = async (
  deps: ImportFileDeps,
  ctx: { db: Db; userId: string },
  importId: string,
  final: boolean,
  error: unknown,
  events: ImportEvents,
): Promise<void> => {
  try {
    const view = final
      ? await getImport({ ctx, input: { id: importId } })
      : await failQueuedImport({ ctx, input: { importId, error: GAVE_UP } });
    // A refused file is the person's to fix, not the worker's: no warning for it.
    const log = { userId: ctx.userId, importId, err: safeError(error) };
    if (final) deps.logger.info(log, "import failed");
    else deps.logger.warn(log, "import failed");
    await events.finished(view);
  } catch (e) {
    // The record is gone (its account or person was deleted) or the database is down: the
    // job's own error says more than this one.
    deps.logger.warn({ userId: ctx.userId, importId, err: safeError(e) }, "cannot record the import's failure");
  }
};

type ImportEvents = ReturnType<typeof importEvents>;

/**
 * What the person's stream is told, in order (one chain: progress published before the end
 * is never overtaken by it). Publishing never fails the job: the outcome is in PostgreSQL,
 * and a lost event only means a client refetches later.
 */
const importEvents = (deps: ImportFileDeps, userId: string, importId: string) => {
  let chain: Promise<void> = Promise.resolve();
  const publish = (event: UserEvent) => {
    chain = chain.then(() =>
      publishUserEvent(deps.redis, deps.redisPrefix, userId, event).then(
        () => undefined,
        (e: unknown) =>
          deps.logger.warn({ event: event.type, userId, importId, err: safeError(e) }, "cannot publish event"),
      ),
    );
    return chain;
  };
  return {
    /** An ImportProgress that publishes `import.progress` (and the job's BullMQ progress) every PROGRESS_STEP points. */
    progress(jobProgress: (percent: number) => Promise<void>): ImportProgress {
      let told = -PROGRESS_STEP;
      return ({ processed, total }) => {
        const percent = total === 0 ? 100 : Math.floor((processed * 100) / total);
        if (percent < told + PROGRESS_STEP && !(percent === 100 && told < 100)) return;
        told = percent;
        jobProgress(percent).catch(() => undefined);
        void publish({ type: "import.progress", data: { importId, processed, total } });
      };
    },
    async finished(view: ImportView): Promise<void> {
      if (view.status !== "completed" && view.status !== "failed") return;
      const { inserted, duplicates, skipped, failed } = view;
      await publish({
        type: "import.completed",
        data: { importId, status: view.status, inserted, duplicates, skipped, failed },
      });
      if (inserted > 0) await publish({ type: "transactions.created", data: { count: inserted } });
    },
  };
};
