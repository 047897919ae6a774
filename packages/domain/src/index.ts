export * from "./accounts/index.ts";
export { toDecimal, toMinor } from "./shared/amounts.ts";
export type { Ctx } from "./shared/context.ts";
export { requireRow } from "./shared/require-row.ts";
export { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "./shared/schemas.ts";
export { DEFAULT_TAXONOMY } from "./categories/default-taxonomy.ts";
export { seedDefaultCategories } from "./categories/seed-default-categories.ts";
