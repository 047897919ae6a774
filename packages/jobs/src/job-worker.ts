import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { type Job, Worker } from "bullmq";
import type { z } from "zod";
import { backoffStrategy } from "./backoff.ts";
import { releaseFairSlotsOnFinish } from "./fair-share.ts";
import { JobAttempts } from "./job-attempts.ts";
import { bullPrefix, type QueueConnection, queueName } from "./job-queues.ts";
import { NonRetryable, parsePayload } from "./non-retryable.ts";
import {
  CategorizePayload,
  DeliverNotificationPayload,
  ImportFilePayload,
  SyncBankPayload,
  SyncMailboxPayload,
} from "./payloads.ts";
import { JOB_NAMES, QUEUE_OF, QUEUE_SETTINGS, type QueueKind, type QueueSettings } from "./queues.ts";
import { traceContextOf } from "./trace-carrier.ts";

const tracer = trace.getTracer("@fincoach/jobs");

/** Each job name's payload schema. */
export const PAYLOADS = {
  [JOB_NAMES.syncMailbox]: SyncMailboxPayload,
  [JOB_NAMES.syncBank]: SyncBankPayload,
  [JOB_NAMES.importFile]: ImportFilePayload,
  [JOB_NAMES.categorize]: CategorizePayload,
  [JOB_NAMES.deliverNotification]: DeliverNotificationPayload,
} as const;
type Payloads = typeof PAYLOADS;

/**
 * The processors of one queue: a handler per job name, given the parsed payload and a signal
 * aborted (with an `AttemptAbandoned`) when this attempt no longer holds the job: its lock was
 * lost and the job was handed out again. A long handler stops at its next safe point.
 */
export type Processors = {
  -readonly [N in keyof Payloads]?: (payload: z.output<Payloads[N]>, job: Job, signal: AbortSignal) => Promise<unknown>;
};

export type JobWorkerOptions = QueueConnection & {
  /** Per-deployment changes to the queue's settings (SYNC_CONCURRENCY; shorter locks in tests). */
  settings?: Partial<QueueSettings>;
  /** How often stalled jobs are looked for; defaults to the lock duration. */
  stalledIntervalMs?: number;
  /** Start paused (call `worker.run()`); tests use it to enqueue first. */
  autorun?: boolean;
};

/**
 * A BullMQ worker for one queue kind with that kind's settings: concurrency, lock
 * duration, the capped-jitter backoff. Dispatches by job name; a name without a handler or
 * a payload that fails its schema is NonRetryable (the same job would fail again).
 */
export const startJobWorker = (kind: QueueKind, processors: Processors, options: JobWorkerOptions): Worker => {
  const settings = { ...QUEUE_SETTINGS[kind], ...options.settings };
  const queue = queueName(kind, options.syncQueue);
  const attempts = new JobAttempts();
  const worker = new Worker(
    queue,
    async (job, token) => {
      const name = job.name as keyof Payloads;
      const handler = processors[name] as
        | ((payload: unknown, job: Job, signal: AbortSignal) => Promise<unknown>)
        | undefined;
      if (!(name in PAYLOADS) || QUEUE_OF[name] !== kind || !handler)
        throw new NonRetryable("unknown-job", `no processor for job ${job.name} on the ${kind} queue`);
      const payload = parsePayload(job.name, PAYLOADS[name], job.data) as { trace: Record<string, string> };
      // The job's span continues the producer's trace (the API request, the beat tick).
      return tracer.startActiveSpan(
        `${kind} ${job.name}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: { "messaging.system": "bullmq", "messaging.destination.name": queue, "job.id": job.id ?? "" },
        },
        traceContextOf(payload.trace),
        async (span) => {
          try {
            return await attempts.run(job.id ?? "", token, (signal) => handler(payload, job, signal));
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    },
    {
      connection: options.connection,
      prefix: bullPrefix(options.redisPrefix),
      concurrency: settings.concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: options.stalledIntervalMs ?? settings.lockDurationMs,
      // A job whose worker died twice is more likely to kill the next one too than to succeed.
      maxStalledCount: 2,
      settings: { backoffStrategy: backoffStrategy(settings) },
      autorun: options.autorun ?? true,
    },
  );
  // Frees the person's fair-scheduling slot (fair-share.ts) once a job will not run again.
  releaseFairSlotsOnFinish(worker);
  abandonOnLostLock(worker, attempts);
  return worker;
};

/**
 * A lock that could not be renewed (it expired while Redis was away, or the job was taken
 * back as stalled) means the job may already run elsewhere: the attempt here is abandoned
 * unless the lock now holds its own token (an attempt that started after the renewal was
 * sent). When the lock cannot be read, the attempt goes on: the stores' commit fences still
 * keep a stale attempt from writing over a newer one.
 */
const abandonOnLostLock = (worker: Worker, attempts: JobAttempts) => {
  worker.on("lockRenewalFailed", (jobIds) => {
    void (async () => {
      const client = await worker.backend.client;
      for (const jobId of jobIds) {
        const holder = await client.get(`${worker.toKey(jobId)}:lock`);
        attempts.abandon(jobId, "its lock could not be renewed", holder);
      }
    })().catch(() => {});
  });
};
