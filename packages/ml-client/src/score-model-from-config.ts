import type { ScoreModel } from "@fincoach/domain";
import type { Logger } from "@fincoach/logging";
import { createHttpScoreModel } from "./http-score-model.ts";
import type { MlClientConfig } from "./ml-client-env.ts";
import { trafficWeightsSource } from "./traffic-weights-source.ts";

/** The model stage from a service's config, or undefined when no ML service is configured. */
export const createScoreModelFromConfig = (ml: MlClientConfig, logger: Logger): ScoreModel | undefined => {
  if (!ml.url && !ml.trafficWeightsFile) return undefined;
  const weights = ml.trafficWeightsFile
    ? trafficWeightsSource({
        path: ml.trafficWeightsFile,
        onInvalid: (err) =>
          logger.warn({ path: ml.trafficWeightsFile, err }, "traffic weights unreadable; keeping the last good ones"),
      })
    : undefined;
  return createHttpScoreModel({
    url: ml.url,
    urlTemplate: ml.urlTemplate,
    weights,
    model: ml.model,
    timeoutMs: ml.timeoutMs,
  });
};
