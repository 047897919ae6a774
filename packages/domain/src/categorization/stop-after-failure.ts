import type { ScoreModel } from "./model-scorer.ts";

/**
 * `scoreModel` for one run of many batches (an import, a sync): after its first failure it
 * is not asked again, so a model service that is down or hanging costs one timeout per run
 * rather than one per 1,000 rows.
 */
export const stopAfterFailure = (scoreModel: ScoreModel | undefined): ScoreModel | undefined => {
  if (!scoreModel) return undefined;
  let failed = false;
  return async (userId, items) => {
    if (failed) throw new Error("not asked: the model failed earlier in this run");
    try {
      return await scoreModel(userId, items);
    } catch (e) {
      failed = true;
      throw e;
    }
  };
};
