export {
  CategorizationSettings,
  getCategorizationSettings,
  UpdateCategorizationSettings,
  updateCategorizationSettings,
} from "./categorization-settings.ts";
export { CATEGORIZE_BATCH_MAX, type CategorizeBatchArgs, categorizeBatch } from "./categorize-batch.ts";
export { CategorizeTransactions, categorizeTransactions } from "./categorize-transactions.ts";
export type { PipelineSubject, PipelineWarn } from "./decide-categories.ts";
export { DEFAULT_MODEL_LABELS } from "./default-model-labels.ts";
export { CategoryExplanation, explainTransactionCategory } from "./explain-transaction-category.ts";
export { merchantKeyOf } from "./merchant-key.ts";
export type { ModelScore, ModelScoreInput, ScoreModel } from "./model-scorer.ts";
export { normalizeMerchant } from "./normalize-merchant.ts";
export { DEFAULT_ACCEPT_WINDOW_MS, settleAcceptedCategories } from "./settle-accepted-categories.ts";
