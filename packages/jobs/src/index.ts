export { QUEUE_BACKLOG_METRIC, queueBacklog, registerQueueBacklog } from "./backlog-metric.ts";
export { backoffStrategy, retryDelayMs } from "./backoff.ts";
export {
  type Enqueued,
  enqueueCategorize,
  enqueueDeliverNotification,
  enqueueImportFile,
  enqueueSyncBank,
  enqueueSyncMailbox,
} from "./enqueue.ts";
export {
  addFairBulk,
  claimFairPriority,
  fairSlotsHeld,
  MAX_PRIORITY,
  releaseFairSlot,
  STALE_AFTER_MS,
} from "./fair-share.ts";
export { AttemptAbandoned, JobAttempts } from "./job-attempts.ts";
export { bullPrefix, createJobQueue, defaultJobOptions, type QueueConnection, queueName } from "./job-queues.ts";
export { type JobWorkerOptions, PAYLOADS, type Processors, startJobWorker } from "./job-worker.ts";
export { isNonRetryable, NonRetryable, parsePayload } from "./non-retryable.ts";
export {
  CategorizePayload,
  DeliverNotificationPayload,
  ImportFilePayload,
  SyncBankPayload,
  SyncMailboxPayload,
} from "./payloads.ts";
export {
  BACKOFF_TYPE,
  JOB_NAMES,
  type JobName,
  QUEUE_OF,
  QUEUE_SETTINGS,
  QUEUES,
  type QueueKind,
  type QueueSettings,
} from "./queues.ts";
export { currentTraceCarrier, TraceCarrier, traceContextOf } from "./trace-carrier.ts";
