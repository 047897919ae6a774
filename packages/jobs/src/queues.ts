/**
 * The queues and what runs on each. `sync` is the default name of the sync queue: in a
 * cluster every SyncSchedule has its own (`syncQueueName` in @fincoach/contracts, handed to
 * its workers as SYNC_QUEUE), so the HPA of one schedule scales on that schedule's backlog.
 */
export const QUEUES = {
  sync: "sync",
  imports: "import-file",
  categorize: "categorize",
  notifications: "notifications",
} as const;
export type QueueKind = keyof typeof QUEUES;

/** Job names, one processor each. */
export const JOB_NAMES = {
  syncMailbox: "sync-mailbox",
  syncBank: "sync-bank",
  importFile: "import-file",
  categorize: "categorize",
  deliverNotification: "deliver-notification",
} as const;
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/** The custom backoff type every queue uses (see backoff.ts); BullMQ passes it to the worker's strategy. */
export const BACKOFF_TYPE = "capped-jitter";

export type QueueSettings = {
  /** Jobs one worker process runs at once on this queue. */
  concurrency: number;
  /** ms a job's lock lasts without renewal: how soon a killed worker's job is picked up again. */
  lockDurationMs: number;
  /** Runs in all (the first included) before a job fails for good. */
  attempts: number;
  /** First retry waits up to this; each later one up to twice the previous... */
  backoffBaseMs: number;
  /** ...but never more than this. */
  backoffCapMs: number;
};

export const QUEUE_SETTINGS: Record<QueueKind, QueueSettings> = {
  sync: {
    // I/O-bound: a job mostly waits on an IMAP server or Plaid, so several share one core.
    // Kept modest because each holds a connection to a provider that limits them per account
    // (Gmail allows 15 IMAP connections per account).
    concurrency: 4,
    // BullMQ renews the lock every half of this while the job runs, so a slow batch is never
    // taken away; the value matters when a worker is SIGKILLed: its job is handed to another
    // worker by stalled-job detection within about this long.
    lockDurationMs: 30_000,
    // Network errors and provider hiccups are worth a few tries; bad credentials are not
    // retried at all (NonRetryable), so attempts never become a login storm.
    attempts: 5,
    // Providers throttle bursts: start at 5 s and spread out to at most 10 minutes.
    backoffBaseMs: 5_000,
    backoffCapMs: 600_000,
  },
  imports: {
    // CPU- and memory-bound (parsing a large file): one at a time per process keeps a
    // worker pod within its memory limit; more throughput comes from more replicas.
    concurrency: 1,
    // Parsing 100,000 rows blocks the event loop in stretches, which delays lock renewal:
    // a longer lock keeps a busy worker from being mistaken for a dead one.
    lockDurationMs: 120_000,
    // Failures are mostly the database going away for a moment; a bad file fails its schema
    // or parser deterministically and is NonRetryable.
    attempts: 3,
    backoffBaseMs: 10_000,
    backoffCapMs: 300_000,
  },
  categorize: {
    // Short jobs (one model call per 1,000 rows); two overlap one's database I/O with the
    // other's CPU on a 2-core pod.
    concurrency: 2,
    lockDurationMs: 30_000,
    // Transient ML or database errors; uncategorized rows are harmless meanwhile, so retry
    // quickly at first. Eight runs wait at least ~1 minute in all (0.5+1+2+4+8+16+30 s): a
    // PostgreSQL restart or failover does not leave a sync's new rows uncategorized for good.
    attempts: 8,
    backoffBaseMs: 1_000,
    backoffCapMs: 60_000,
  },
  notifications: {
    // I/O-bound: an attempt mostly waits on a receiver (webhook) or an SMTP server, each capped
    // by a 10 s timeout, so many share one core; a slow receiver must not hold up everyone's.
    concurrency: 8,
    // An attempt lasts at most ~30 s (connect, headers and body timeouts); the delivery row's
    // own lease (attempt-delivery.ts) keeps a taken-back job from sending twice at once.
    lockDurationMs: 30_000,
    // Delivery attempts in all (counted in the webhook_deliveries row, not by BullMQ: a receiver's
    // failure moves the job to delayed with the delay recorded in the delivery log). Ten runs
    // spread over ~4 hours (30 s doubling to a 2 h cap) ride out a receiver's deploy or outage.
    attempts: 10,
    backoffBaseMs: 30_000,
    backoffCapMs: 7_200_000,
  },
};

/** Which queue a job name runs on. */
export const QUEUE_OF: Record<JobName, QueueKind> = {
  "sync-mailbox": "sync",
  "sync-bank": "sync",
  "import-file": "imports",
  categorize: "categorize",
  "deliver-notification": "notifications",
};
