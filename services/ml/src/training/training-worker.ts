import { ML_TRAINING_JOBS, ML_TRAINING_QUEUE, RetrainPersonJob } from "@fincoach/contracts";
import type { DbOrTx } from "@fincoach/db";
import type { Logger } from "@fincoach/logging";
import { UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type RetrainOutcome, type RetrainPersonOptions, retrainPerson } from "./retrain-person.ts";
import { bullPrefix } from "./training-queue.ts";

export type TrainingWorkerOptions = RetrainPersonOptions & {
  db: DbOrTx;
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** After a person's new version is registered (the service forgets its cached answer). */
  onTrained?: (userId: string) => void;
};

/**
 * Consumes ml-training: one job at a time (training takes a core; the other serves). A
 * payload that fails its schema is never retried.
 */
export const startTrainingWorker = (options: TrainingWorkerOptions): { close: () => Promise<void> } => {
  const { db, redis, redisPrefix, logger, onTrained, ...retrain } = options;
  // Workers block on their connection; BullMQ does not close a connection it was handed.
  const connection = redis.duplicate({ maxRetriesPerRequest: null });
  const worker = new Worker(
    ML_TRAINING_QUEUE,
    async (job): Promise<RetrainOutcome["status"]> => {
      if (job.name !== ML_TRAINING_JOBS.retrainPerson) throw new UnrecoverableError(`unknown job ${job.name}`);
      const parsed = RetrainPersonJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
      const { userId, reason } = parsed.data;
      const outcome = await retrainPerson(db, userId, retrain);
      if (outcome.status === "trained") {
        const { row, artifact, seconds } = outcome.version;
        logger.info(
          { userId, reason, model: row.model, version: row.version, sha256: artifact.sha256, seconds },
          "person model trained",
        );
        onTrained?.(userId);
      } else logger.info({ userId, trigger: reason, ...outcome }, "person model not trained");
      return outcome.status;
    },
    { connection, prefix: bullPrefix(redisPrefix), concurrency: 1 },
  );
  worker.on("failed", (job, e) => logger.warn({ jobId: job?.id, err: e.message }, "training job failed"));
  return {
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
};
