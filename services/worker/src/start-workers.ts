import type { Db } from "@fincoach/db";
import type { Keyring, ScoreModel } from "@fincoach/domain";
import { alertNotificationSink, type Mailer, type WebhookNetworkPolicy } from "@fincoach/domain/notifications";
import { alertEventSink } from "@fincoach/events";
import {
  createJobQueue,
  currentTraceCarrier,
  enqueueCategorize,
  type JobWorkerOptions,
  type Processors,
  queueName,
  startJobWorker,
} from "@fincoach/jobs";
import { type Logger, logErrors, safeError } from "@fincoach/logging";
import type { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { createBankJobStore } from "./bank/bank-job-store.ts";
import { createPlaidFeed, type PlaidConfig } from "./bank/plaid-feed.ts";
import type { FetchOptions } from "./mailbox/fetch-mailbox.ts";
import { createMailboxJobDeps } from "./mailbox/mailbox-job-store.ts";
import { categorizeProcessor } from "./processors/categorize-processor.ts";
import { importFileProcessor, importJobFailed } from "./processors/import-file-processor.ts";
import { createNotifier, withNotifications } from "./processors/notification-sync-events.ts";
import { startNotificationWorkers } from "./processors/notification-workers.ts";
import { syncBankProcessor } from "./processors/sync-bank-processor.ts";
import { syncMailboxProcessor } from "./processors/sync-mailbox-processor.ts";
import { failStalledSyncRows } from "./stalled-sync-failure.ts";
import { createSyncEvents } from "./sync-events.ts";
import { countingJobEnds, type SyncJobOutcomes } from "./sync-job-outcomes.ts";

export type WorkersOptions = {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  keyring: Keyring;
  logger: Logger;
  syncQueue?: string | undefined;
  syncConcurrency?: number | undefined;
  source?: "mail" | "bank" | "all";
  /** Tests: a CA for the IMAP server, shorter locks. */
  fetchOptions?: FetchOptions;
  syncSettings?: JobWorkerOptions["settings"];
  stalledIntervalMs?: number;
  /** Plaid (or a stand-in following its contract) for `sync-bank` jobs. */
  plaid?: PlaidConfig;
  /** Transactions per Plaid `/transactions/sync` page (1-500; tests use small pages). */
  bankPageSize?: number;
  /** The categorization pipeline's model stage (the ML service); without it rules and memory decide alone. */
  scoreModel?: ScoreModel | undefined;
  /** Counts sync jobs ended for good (`fincoach_sync_jobs_total`); absent: not counted. */
  syncJobOutcomes?: SyncJobOutcomes | undefined;
  /** Where webhooks may be delivered (env.ts); absent: public addresses only. */
  webhookPolicy?: WebhookNetworkPolicy;
  /** The e-mail channel (SMTP_URL); absent: e-mail deliveries fail saying so. The caller closes it. */
  mailer?: Mailer | undefined;
};

export type Workers = {
  workers: Worker[];
  /** The queues this process consumes, for the backlog metric. */
  queues: Queue[];
  /**
   * Stops taking jobs and waits up to `graceMs` for running ones; what is still running
   * then is abandoned (its lock expires and another worker resumes it from its last
   * committed batch).
   */
  close(graceMs: number): Promise<{ drained: boolean }>;
};

/**
 * A failed attempt as one short log line: the message without a query's bound values
 * (drizzle puts the SQL and every parameter in it: ids, amounts) and the causes' messages
 * (postgres.js's ECONNREFUSED under drizzle's "Failed query"); no stack, as retries repeat it.
 */
const failureOf = (e: Error) => {
  const safe = safeError(e) as { message: string; causes?: { message: string }[] };
  const message = safe.message.split("\n")[0] ?? safe.message;
  const cause = safe.causes?.map((c) => c.message).join("; ");
  return { err: message.length > 300 ? `${message.slice(0, 300)}…` : message, ...(cause ? { cause } : {}) };
};

/** How long shutdown waits for events held while Redis was away. */
const EVENTS_CLOSE_MS = 2_000;

/** The worker process's consumers: the sync queue (mailbox and bank feed) and categorization. */
export const startWorkers = (o: WorkersOptions): Workers => {
  // Workers block on their connection; BullMQ does not close a connection it was handed.
  const connection = o.redis.duplicate({ maxRetriesPerRequest: null });
  logErrors(connection, o.logger, "redis error", { client: "workers" });
  const where = { connection, redisPrefix: o.redisPrefix, syncQueue: o.syncQueue };
  const categorizeQueue = createJobQueue("categorize", where);
  const categorize = async (userId: string, jobId: string, ids: string[]) => {
    for (let i = 0; i < ids.length; i += 1000)
      await enqueueCategorize(categorizeQueue, {
        jobId,
        userId,
        transactionIds: ids.slice(i, i + 1000),
        trace: currentTraceCarrier(),
      });
  };
  const syncQueueName = queueName("sync", o.syncQueue);
  const mailboxDeps = createMailboxJobDeps({
    db: o.db,
    keyring: o.keyring,
    ...(o.fetchOptions ? { fetchOptions: o.fetchOptions } : {}),
    categorize,
  });
  // Webhook and e-mail deliveries (docs/notifications.md): their consumer and sweeper, and the
  // notifier syncs, queued imports and alerts fan out with.
  const notifications = startNotificationWorkers({
    db: o.db,
    keyring: o.keyring,
    logger: o.logger,
    where,
    policy: o.webhookPolicy ?? { allowPrivate: false, allowedCidrs: [] },
    mailer: o.mailer,
  });
  const notify = createNotifier({ db: o.db, queue: notifications.queue, logger: o.logger });
  // The shared client, not the blocking one; the prefix must be the API's for its readers to see them.
  const liveEvents = createSyncEvents({ redis: o.redis, prefix: o.redisPrefix, logger: o.logger });
  const events = withNotifications(liveEvents, notify);
  const sync: Processors = {};
  if (o.source !== "bank")
    sync["sync-mailbox"] = syncMailboxProcessor(
      countingJobEnds(mailboxDeps, o.syncJobOutcomes, syncQueueName, "mailbox"),
      events,
    );
  if (o.source !== "mail")
    sync["sync-bank"] = syncBankProcessor(
      {
        store: countingJobEnds(
          createBankJobStore({ db: o.db, keyring: o.keyring }),
          o.syncJobOutcomes,
          syncQueueName,
          "bank",
        ),
        feed: createPlaidFeed(
          o.plaid ?? { baseUrl: "https://sandbox.plaid.com", clientId: undefined, secret: undefined },
        ),
      },
      { categorize, events, ...(o.bankPageSize ? { pageSize: o.bankPageSize } : {}) },
    );
  const syncWorker = startJobWorker("sync", sync, {
    ...where,
    settings: { ...o.syncSettings, ...(o.syncConcurrency ? { concurrency: o.syncConcurrency } : {}) },
    ...(o.stalledIntervalMs ? { stalledIntervalMs: o.stalledIntervalMs } : {}),
  });
  const categorizeWorker = startJobWorker(
    "categorize",
    {
      categorize: categorizeProcessor(o.db, {
        scoreModel: o.scoreModel,
        logger: o.logger,
        // Synced rows' alerts (docs/alerts.md) reach the person's live stream.
        alertSinks: [alertEventSink(o.redis, o.redisPrefix), alertNotificationSink(notify)],
      }),
    },
    where,
  );
  // Every worker takes queued imports, whatever it syncs, as it takes categorization.
  const importDeps = {
    db: o.db,
    redis: o.redis,
    redisPrefix: o.redisPrefix,
    logger: o.logger,
    scoreModel: o.scoreModel,
    notify,
  };
  const importWorker = startJobWorker("imports", { "import-file": importFileProcessor(importDeps) }, where);
  // A job BullMQ fails without the processor (its worker died on it twice) still ends its record.
  importWorker.on("failed", (job) => void importJobFailed(importDeps)(job));
  // BullMQ fails a job that stalled too often without running it: its sync_jobs row is failed here.
  failStalledSyncRows(syncWorker, { db: o.db, events, logger: o.logger, outcomes: o.syncJobOutcomes });
  const workers = [syncWorker, categorizeWorker, importWorker, notifications.worker];
  for (const w of workers) {
    w.on("failed", (job, e) =>
      o.logger.warn({ queue: w.name, job: job?.name, jobId: job?.id, ...failureOf(e) }, "job failed"),
    );
    logErrors(w, o.logger, "worker error", { queue: w.name });
  }
  const syncQueue = createJobQueue("sync", where);
  const importQueue = createJobQueue("imports", where);
  const queues = [syncQueue, categorizeQueue, importQueue, notifications.queue];
  // Every Queue too: one without an 'error' listener prints each refused reconnection raw.
  for (const q of queues) logErrors(q, o.logger, "queue error", { queue: q.name });
  return {
    workers,
    queues,
    close: async (graceMs) => {
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        Promise.all(workers.map((w) => w.close())).then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(timer);
      // Past the grace period: force-close, leaving the locks to expire (stalled-job recovery).
      if (!drained) await Promise.allSettled(workers.map((w) => w.close(true)));
      // Events held while Redis was away get one more try; what cannot be stored is logged.
      await liveEvents.close(Math.min(graceMs, EVENTS_CLOSE_MS));
      await Promise.allSettled([
        syncQueue.close(),
        categorizeQueue.close(),
        importQueue.close(),
        notifications.close(),
      ]);
      connection.disconnect();
      return { drained };
    },
  };
};
