export { createHttpScoreModel, type HttpScoreModelOptions } from "./http-score-model.ts";
export { checkMlClientEnv, type MlClientConfig, MlClientEnv, toMlClientConfig } from "./ml-client-env.ts";
export { createScoreModelFromConfig } from "./score-model-from-config.ts";
export { type TrafficWeightsSource, trafficWeightsSource } from "./traffic-weights-source.ts";
