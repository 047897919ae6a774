import type { DbOrTx } from "@fincoach/db";
import { listPeopleDueForRetraining } from "@fincoach/domain";
import type { Logger } from "@fincoach/logging";
import type { TrainingQueue } from "./training-queue.ts";

export type RetrainingTriggerOptions = {
  db: DbOrTx;
  queue: TrainingQueue;
  /** Corrections since a person's newest own model that make retraining due. */
  minCorrections: number;
  logger: Logger;
};

/**
 * When a person's retraining is queued: once their corrections since their newest own model
 * reach the threshold. `afterCorrection` checks one person right after the ML service records
 * their correction; `sweep` checks everyone (run periodically), for corrections recorded
 * elsewhere (the API writes category_feedback itself).
 */
export const createRetrainingTrigger = ({ db, queue, minCorrections, logger }: RetrainingTriggerOptions) => {
  const enqueue = async (userIds: string[]) => {
    for (const userId of userIds) {
      await queue.retrainPerson({ userId, reason: "corrections" });
      logger.info({ userId }, "person retraining queued");
    }
  };
  return {
    afterCorrection: async (userId: string) =>
      enqueue(await listPeopleDueForRetraining({ ctx: { db }, minCorrections, userId })),
    sweep: async () => enqueue(await listPeopleDueForRetraining({ ctx: { db }, minCorrections })),
  };
};
export type RetrainingTrigger = ReturnType<typeof createRetrainingTrigger>;
