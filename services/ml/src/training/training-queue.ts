import { ML_TRAINING_JOBS, ML_TRAINING_QUEUE, type RetrainPersonJob, retrainPersonJobId } from "@fincoach/contracts";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** BullMQ's key prefix under the service's Redis prefix (`fincoach:bull:ml-training:...`). */
export const bullPrefix = (redisPrefix: string): string => `${redisPrefix}bull`;

/** The producer side of ml-training. */
export type TrainingQueue = {
  /** Queues a person's retraining; a no-op while one for them is already waiting. */
  retrainPerson: (job: RetrainPersonJob) => Promise<void>;
  /** Jobs waiting to run. */
  waiting: () => Promise<number>;
  close: () => Promise<void>;
};

export const createTrainingQueue = (redis: Redis, redisPrefix: string): TrainingQueue => {
  // A connection of its own: BullMQ does not close a connection it was handed.
  const connection = redis.duplicate();
  const queue = new Queue(ML_TRAINING_QUEUE, {
    connection,
    prefix: bullPrefix(redisPrefix),
    // Training is deterministic: a failure that is not the machine's will fail again, so
    // few attempts, spaced out. Finished jobs are removed: the job id is per person, and a
    // kept job would make BullMQ ignore that person's next request (the log has the outcome).
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: "exponential", delay: 30_000 },
      removeOnComplete: true,
      removeOnFail: true,
    },
  });
  return {
    retrainPerson: async (job) => {
      await queue.add(ML_TRAINING_JOBS.retrainPerson, job, { jobId: retrainPersonJobId(job.userId) });
    },
    waiting: () => queue.getWaitingCount(),
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
};
