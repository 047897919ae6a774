export * from "./accounts/index.ts";
export * from "./alerts/index.ts";
export * from "./analytics/index.ts";
export * from "./auth/index.ts";
export * from "./budgets/index.ts";
export { DEFAULT_TAXONOMY } from "./categories/default-taxonomy.ts";
export * from "./categories/index.ts";
export { seedDefaultCategories } from "./categories/seed-default-categories.ts";
export * from "./categorization/index.ts";
export * from "./connections/index.ts";
export * from "./debts/index.ts";
export * from "./exports/index.ts";
export * from "./feedback/index.ts";
export * from "./goals/index.ts";
export * from "./imports/index.ts";
export * from "./models/index.ts";
export * from "./nudges/index.ts";
export * from "./recurring/index.ts";
export * from "./rules/index.ts";
export { toDecimal, toMinor } from "./shared/amounts.ts";
export type { Ctx } from "./shared/context.ts";
export { requireRow } from "./shared/require-row.ts";
export { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "./shared/schemas.ts";
export {
  type Keyring,
  openSecret,
  parseKeyring,
  type SealedSecret,
  sealSecret,
} from "./shared/secret-box.ts";
export * from "./sync-jobs/index.ts";
export * from "./transactions/index.ts";
