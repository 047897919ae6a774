import type { Job } from "bullmq";

/**
 * BullMQ's progress (for queue dashboards; the sync_jobs row is the source of truth), not
 * awaited: while Redis is away the worker's connection holds commands until it is back, and
 * the sync must not stand still for a dashboard figure. A progress that cannot be stored is
 * superseded by the next one.
 */
export const reportProgress = (job: Job, progress: number): void => {
  job.updateProgress(progress).catch(() => {});
};
