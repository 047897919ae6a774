import { z } from "zod";

/**
 * The ML service's BullMQ queue: training work it consumes. Producers (the API, the ML
 * service's own feedback route, a test) and the worker share these names and payloads.
 */
export const ML_TRAINING_QUEUE = "ml-training";

/** Job names on ML_TRAINING_QUEUE. */
export const ML_TRAINING_JOBS = { retrainPerson: "retrain-person" } as const;

/** Train (or retrain) one person's own model from their labelled history. */
export const RetrainPersonJob = z.object({
  userId: z.uuid(),
  /** Why it was asked for: logged with the outcome. */
  reason: z.enum(["corrections", "requested"]),
});
export type RetrainPersonJob = z.infer<typeof RetrainPersonJob>;

/**
 * BullMQ job id of a person's retraining: one per person, so asking again while one waits
 * adds nothing (corrections arriving in a burst train once).
 */
export const retrainPersonJobId = (userId: string): string => `retrain-person-${userId}`;
