import type { ModelScore, ModelScoreInput, ScoreModel } from "@fincoach/domain";
import { AppError } from "@fincoach/errors";
import type { Logger } from "@fincoach/logging";
import type { VersionRouter } from "../routing/version-router.ts";
import { toModelInput } from "./model-input.ts";
import type { PredictionLog } from "./prediction-log.ts";
import { scoreInShadow } from "./shadow-scoring.ts";

export type InProcessScoreModelOptions = {
  router: VersionRouter;
  log: PredictionLog;
  logger: Logger;
  /** Shadow scoring in flight, for a test or a graceful shutdown to wait on. */
  onShadow?: (work: Promise<void>) => void;
};

/**
 * The pipeline's model stage served by the versions loaded in this process: route the person,
 * score the rows in one call, record the prediction (count, errors, latency) against the
 * version that answered, then score shadow versions off the request's path.
 */
export const createInProcessScoreModel =
  ({ router, log, logger, onShadow }: InProcessScoreModelOptions): ScoreModel =>
  async (userId: string, items: readonly ModelScoreInput[], options = {}): Promise<ModelScore[]> => {
    const route = await router.route(userId);
    if (!route) throw new AppError("INTERNAL", "no model version is serving in this process");
    const { served, scope } = route;
    if (route.bucketVersion)
      logger.debug(
        { model: served.ref.model, bucketVersion: route.bucketVersion, servedVersion: served.ref.version },
        "bucket's version not loaded here; the champion answered",
      );
    const inputs = items.map(toModelInput);
    const started = performance.now();
    let scores: Awaited<ReturnType<typeof served.artifact.score>>;
    try {
      scores = await served.artifact.score(inputs, undefined, { explain: options.explain ?? true });
    } catch (e) {
      log.record(served.ref, items.length, performance.now() - started, true);
      throw new AppError(
        "INTERNAL",
        `model ${served.ref.model} ${served.ref.version} failed: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    log.record(served.ref, items.length, performance.now() - started, false);
    const shadows = scope === "shared" ? router.shadowsOf(served.ref.model) : [];
    if (shadows.length > 0) {
      const servedLabels = scores.map((s) => s.labels[0]?.label);
      // After this turn: featurizing is synchronous and must not delay the served answer.
      const work = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        scoreInShadow({ shadows, served, servedLabels, inputs, userId, log, logger }),
      );
      onShadow?.(work);
    }
    const { model, version } = served.ref;
    return scores.map((s) => ({ model, version, scope, labels: s.labels, explanation: s.explanation }));
  };
