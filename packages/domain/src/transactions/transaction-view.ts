import type { Transaction, TransactionSplit } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "../shared/schemas.ts";
import type { PageRow } from "./list-query.ts";

export const SplitView = z
  .object({ id: Uuid, categoryId: Uuid.nullable(), amount: DecimalAmount, notes: z.string().nullable() })
  .meta({ id: "TransactionSplit" });
export type SplitView = z.infer<typeof SplitView>;

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

export const toTransactionView = (t: Transaction, splits: readonly SplitRow[]): TransactionView => ({
  id: t.id,
  accountId: t.accountId,
  date: t.date,
  amount: toDecimal(t.amountMinor, t.currency),
  currency: t.currency,
  description: t.description,
  merchant: t.merchant,
  categoryId: t.categoryId,
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
  notes: r.notes,
  tags: r.tags,
  externalId: r.external_id,
  importId: r.import_id,
  transferId: r.transfer_id,
  splits: splitViews(splits, r.currency),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
