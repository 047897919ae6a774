export type { ModelScore, ModelScoreInput, ScoreModel } from "./model-scorer.ts";
export { normalizeMerchant } from "./normalize-merchant.ts";
