import { CATEGORY_SOURCES, type CategoryAlternativeData, type Transaction, type TransactionSplit } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "../shared/schemas.ts";
import type { PageRow } from "./list-query.ts";

export const SplitView = z
  .object({ id: Uuid, categoryId: Uuid.nullable(), amount: DecimalAmount, notes: z.string().nullable() })
  .meta({ id: "TransactionSplit" });
export type SplitView = z.infer<typeof SplitView>;

/** A class the model weighed, as the transaction stores it. */
export const CategoryAlternative = z
  .object({ label: z.string(), categoryId: Uuid.nullable(), confidence: z.number() })
  .meta({ id: "CategoryAlternative" });

/**
 * How the transaction's category was decided: by which source (`rule`, `memory`, `model`,
 * `manual`; null: nothing decided), how sure, by which model version, the model's next
 * best classes, and its pick below the person's threshold as a suggestion (then
 * `categoryId` is null until the person accepts it).
 */
export const CategoryDecision = z
  .object({
    source: z.enum(CATEGORY_SOURCES).nullable(),
    confidence: z.number().nullable(),
    model: z.string().nullable(),
    modelVersion: z.string().nullable(),
    alternatives: z.array(CategoryAlternative),
    suggestion: z.object({ categoryId: Uuid, name: z.string(), confidence: z.number().nullable() }).nullable(),
    categorizedAt: Timestamp.nullable(),
  })
  .meta({ id: "CategoryDecision" });
export type CategoryDecision = z.infer<typeof CategoryDecision>;

export const TransactionView = z
  .object({
    id: Uuid,
    accountId: Uuid,
    date: IsoDate,
    /** Signed: negative is money out of the account. */
    amount: DecimalAmount,
    currency: CurrencyCode,
    description: z.string(),
    merchant: z.string().nullable(),
    /** Always null while the transaction is split: the parts carry the categories. */
    categoryId: Uuid.nullable(),
    category: CategoryDecision,
    notes: z.string().nullable(),
    tags: z.array(z.string()),
    externalId: z.string().nullable(),
    importId: Uuid.nullable(),
    /** Shared by both legs of a transfer between two of the person's accounts. */
    transferId: Uuid.nullable(),
    /** Empty when the transaction is not split. */
    splits: z.array(SplitView),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Transaction" });
export type TransactionView = z.infer<typeof TransactionView>;

type SplitRow = Pick<TransactionSplit, "id" | "categoryId" | "amountMinor" | "notes">;

const splitViews = (splits: readonly SplitRow[], currency: string): SplitView[] =>
  splits.map((s) => ({
    id: s.id,
    categoryId: s.categoryId,
    amount: toDecimal(s.amountMinor, currency),
    notes: s.notes,
  }));

type DecisionFields = {
  source: CategoryDecision["source"];
  confidence: number | null;
  model: string | null;
  modelVersion: string | null;
  alternatives: readonly CategoryAlternativeData[] | null;
  suggestedCategoryId: string | null;
  suggestionName: string | null;
  categorizedAt: string | null;
};

const decisionView = (d: DecisionFields): CategoryDecision => ({
  source: d.source,
  confidence: d.confidence,
  model: d.model,
  modelVersion: d.modelVersion,
  alternatives: (d.alternatives ?? []).map((a) => ({
    label: a.label,
    categoryId: a.categoryId,
    confidence: a.confidence,
  })),
  suggestion:
    d.suggestedCategoryId !== null && d.suggestionName !== null
      ? { categoryId: d.suggestedCategoryId, name: d.suggestionName, confidence: d.confidence }
      : null,
  categorizedAt: d.categorizedAt,
});

/** `suggestionName`: the name of `t.suggestedCategoryId` (see suggestionName), null when none. */
export const toTransactionView = (
  t: Transaction,
  splits: readonly SplitRow[],
  suggestionName: string | null,
): TransactionView => ({
  id: t.id,
  accountId: t.accountId,
  date: t.date,
  amount: toDecimal(t.amountMinor, t.currency),
  currency: t.currency,
  description: t.description,
  merchant: t.merchant,
  categoryId: t.categoryId,
  category: decisionView({
    source: t.categorySource,
    confidence: t.categoryConfidence,
    model: t.categoryModel,
    modelVersion: t.categoryModelVersion,
    alternatives: t.categoryAlternatives,
    suggestedCategoryId: t.suggestedCategoryId,
    suggestionName,
    categorizedAt: t.categorizedAt?.toISOString() ?? null,
  }),
  notes: t.notes,
  tags: t.tags,
  externalId: t.externalId,
  importId: t.importId,
  transferId: t.transferId,
  splits: splitViews(splits, t.currency),
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

/** The same view as `toTransactionView`, from a list page's raw row (see `PageRow`). */
export const pageRowView = (r: PageRow, splits: readonly SplitRow[]): TransactionView => ({
  id: r.id,
  accountId: r.account_id,
  date: r.date,
  amount: toDecimal(BigInt(r.amount_minor), r.currency),
  currency: r.currency,
  description: r.description,
  merchant: r.merchant,
  categoryId: r.category_id,
  category: decisionView({
    source: r.category_source,
    confidence: r.category_confidence,
    model: r.category_model,
    modelVersion: r.category_model_version,
    alternatives: r.category_alternatives,
    suggestedCategoryId: r.suggested_category_id,
    suggestionName: r.suggestion_name,
    categorizedAt: r.categorized_at,
  }),
  notes: r.notes,
  tags: r.tags,
  externalId: r.external_id,
  importId: r.import_id,
  transferId: r.transfer_id,
  splits: splitViews(splits, r.currency),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
