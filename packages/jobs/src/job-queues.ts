import { type ConnectionOptions, type DefaultJobOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { BACKOFF_TYPE, QUEUE_SETTINGS, QUEUES, type QueueKind } from "./queues.ts";

/** BullMQ's key prefix under a service's Redis prefix (`fincoach:bull:<queue>:...`), as the ML service's. */
export const bullPrefix = (redisPrefix: string): string => `${redisPrefix}bull`;

/** Where queues live: a Redis connection (or its options) and the service's key prefix. */
export type QueueConnection = {
  connection: Redis | ConnectionOptions;
  redisPrefix: string;
  /** The sync queue's name in this deployment (a SyncSchedule's, from SYNC_QUEUE); default `sync`. */
  syncQueue?: string;
};

/** A queue kind's name, honouring the deployment's sync queue. */
export const queueName = (kind: QueueKind, syncQueue?: string): string =>
  kind === "sync" ? (syncQueue ?? QUEUES.sync) : QUEUES[kind];

/**
 * Job options every producer uses for a queue kind. Finished jobs are kept for a day, not
 * removed at once: BullMQ drops an `add` whose job id still exists, and that is what makes
 * beat's deterministic ids (`<schedule>-<tick>-<connection>`) collapse a double enqueue
 * (two replicas, a restart) into one run. Failed jobs are kept a week for inspection.
 */
export const defaultJobOptions = (kind: QueueKind): DefaultJobOptions => {
  const s = QUEUE_SETTINGS[kind];
  return {
    attempts: s.attempts,
    backoff: { type: BACKOFF_TYPE, delay: s.backoffBaseMs },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
};

/** The producer side of one queue kind. The caller closes it. */
export const createJobQueue = (kind: QueueKind, where: QueueConnection): Queue =>
  new Queue(queueName(kind, where.syncQueue), {
    connection: where.connection,
    prefix: bullPrefix(where.redisPrefix),
    defaultJobOptions: defaultJobOptions(kind),
  });
