import type { ScoreModel } from "@fincoach/domain";
import type { Logger } from "@fincoach/logging";
import type { ApiConfig } from "../env.ts";
import { createHttpScoreModel } from "./http-score-model.ts";
import { trafficWeightsSource } from "./traffic-weights-source.ts";

/** The API's model stage from its config, or undefined when no ML service is configured. */
export const scoreModelFromConfig = (ml: ApiConfig["ml"], logger: Logger): ScoreModel | undefined => {
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
