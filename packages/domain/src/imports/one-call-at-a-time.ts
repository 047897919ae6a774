import type { ScoreModel } from "../categorization/model-scorer.ts";

/**
 * `scoreModel` whose calls run one after another in the order they were made, each starting
 * when the previous one settles (fulfilled or not). Lets an import decide batches ahead
 * without sending the model service several at once, and keeps stopAfterFailure's promise:
 * after a failure, the calls still queued are not sent.
 */
export const oneCallAtATime = (scoreModel: ScoreModel | undefined): ScoreModel | undefined => {
  if (!scoreModel) return undefined;
  let previous: Promise<unknown> = Promise.resolve();
  return (userId, items, options) => {
    const call = previous.then(() => scoreModel(userId, items, options));
    previous = call.catch(() => undefined);
    return call;
  };
};
