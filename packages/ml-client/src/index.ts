export { createHttpScoreModel, type HttpScoreModelOptions } from "./http-score-model.ts";
export { checkMlClientEnv, type MlClientConfig, MlClientEnv, toMlClientConfig } from "./ml-client-env.ts";
export { createScoreModelFromConfig } from "./score-model-from-config.ts";
export {
  followTrafficWeights,
  TrafficWeightsFile,
  type TrafficWeightsFileOptions,
  type TrafficWeightsSource,
} from "./traffic-weights-file.ts";
