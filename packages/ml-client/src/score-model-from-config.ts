import type { ScoreModel } from "@fincoach/domain";
import type { Logger } from "@fincoach/logging";
import { createHttpScoreModel } from "./http-score-model.ts";
import type { MlClientConfig } from "./ml-client-env.ts";
import { followTrafficWeights, TrafficWeightsFile } from "./traffic-weights-file.ts";

/** The model stage from a service's config, or undefined when no ML service is configured. */
export const createScoreModelFromConfig = (ml: MlClientConfig, logger: Logger): ScoreModel | undefined => {
  if (!ml.url && !ml.trafficWeightsFile) return undefined;
  const weights = ml.trafficWeightsFile
    ? followTrafficWeights(new TrafficWeightsFile({ path: ml.trafficWeightsFile, logger }))
    : undefined;
  return createHttpScoreModel({
    url: ml.url,
    urlTemplate: ml.urlTemplate,
    weights,
    model: ml.model,
    timeoutMs: ml.timeoutMs,
  });
};
