import { type DbOrTx, type Transaction, transactions } from "@fincoach/db";
import { conflict, invalidField } from "@fincoach/errors";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { manualDecision } from "../categorization/decision-columns.ts";
import { recordCorrections } from "../categorization/record-corrections.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";
import { findTransaction, lockTransactionAndLegs } from "./find-transaction.ts";
import { loadSplits, splitsOf } from "./load-splits.ts";
import { requireOwnedCategories } from "./owned-refs.ts";
import { parseInput } from "./parse-input.ts";
import { type ResolvedPart, resolveParts, SplitParts } from "./split-parts.ts";
import { suggestionName } from "./suggestion-name.ts";
import { Description, Merchant, Notes, Tags } from "./transaction-fields.ts";
import { type TransactionView, toTransactionView } from "./transaction-view.ts";
import { writeSplits } from "./write-splits.ts";

/** Account and currency are fixed; move a transaction by deleting and re-creating it. */
export const UpdateTransaction = z
  .object({
    date: IsoDate.optional(),
    amount: DecimalAmount.optional(),
    description: Description.optional(),
    merchant: Merchant.optional(),
    categoryId: Uuid.nullable().optional(),
    notes: Notes.optional(),
    tags: Tags.optional(),
    /** New parts (required to change a split transaction's amount), or null to unsplit. */
    splits: SplitParts.nullable().optional(),
  })
  .strict()
  .meta({ id: "UpdateTransaction" });
export type UpdateTransaction = z.infer<typeof UpdateTransaction>;

/**
 * Edits a transaction in one DB transaction. Changing a transfer leg's amount sets the
 * other leg to its negation, so the pair keeps moving the same money between accounts.
 */
export const updateTransaction = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateTransaction };
}): Promise<TransactionView> => {
  const patch = parseInput(UpdateTransaction, input.patch);
  return ctx.db.transaction(async (tx) => {
    const { row, legs } = await lockTransactionAndLegs(tx, ctx.userId, input.id);
    const amountMinor = patch.amount === undefined ? row.amountMinor : toMinor("amount", patch.amount, row.currency);
    const parts = await planSplits(tx, ctx.userId, row, patch, amountMinor);
    await requireOwnedCategories(tx, ctx.userId, [
      { id: patch.categoryId, field: "categoryId" },
      ...(parts ?? []).map((p, i) => ({ id: p.categoryId, field: `splits.${i}.categoryId` })),
    ]);
    const others = legs.filter((l) => l.id !== row.id && row.transferId && l.transferId === row.transferId);
    if (others.length > 0 && amountMinor !== row.amountMinor)
      await updateOtherLegs(tx, ctx.userId, others, -amountMinor);
    const { splits: _, amount: __, ...fields } = patch;
    // A category the person picks is theirs (source manual), remembered for the merchant,
    // and feedback on whatever had decided (or suggested) the old one.
    const recategorized = patch.categoryId !== undefined && patch.categoryId !== row.categoryId;
    const decision = recategorized ? manualDecision(patch.categoryId ?? null, new Date()) : {};
    if (Object.values(fields).some((v) => v !== undefined) || amountMinor !== row.amountMinor) {
      await tx
        .update(transactions)
        .set({ ...fields, ...decision, amountMinor })
        .where(and(eq(transactions.id, row.id), eq(transactions.userId, ctx.userId)));
    }
    if (recategorized) await recordCorrections(tx, ctx.userId, [row], patch.categoryId ?? null);
    if (parts) await writeSplits(tx, ctx.userId, row.id, parts);
    const fresh = await findTransaction(tx, ctx.userId, row.id);
    return toTransactionView(
      fresh,
      await splitsOf(tx, ctx.userId, row.id),
      await suggestionName(tx, ctx.userId, fresh.suggestedCategoryId),
    );
  });
};

/** The parts to write (undefined: leave them), after checking the patch keeps the split invariant. */
const planSplits = async (
  tx: DbOrTx,
  userId: string,
  row: Transaction,
  patch: UpdateTransaction,
  amountMinor: bigint,
): Promise<ResolvedPart[] | undefined> => {
  if (patch.splits === null) return [];
  if (patch.splits !== undefined) {
    if (patch.categoryId) throw invalidField("categoryId", "must be null or omitted when splits are given");
    return resolveParts(patch.splits, { amountMinor, currency: row.currency });
  }
  const isSplit = (await splitsOf(tx, userId, row.id)).length > 0;
  if (isSplit && amountMinor !== row.amountMinor) {
    throw conflict("the transaction is split: send new splits with the amount, or splits: null to unsplit it");
  }
  if (isSplit && patch.categoryId) {
    throw conflict("the transaction is split and its parts carry the categories: send splits: null to unsplit it");
  }
  return undefined;
};

/** Keeps a transfer balanced: the other leg moves the negated amount (its rows are already locked). */
const updateOtherLegs = async (
  tx: DbOrTx,
  userId: string,
  others: readonly Transaction[],
  amountMinor: bigint,
): Promise<void> => {
  const ids = others.map((o) => o.id);
  if ((await loadSplits(tx, userId, ids)).size > 0) {
    throw conflict("the other leg of this transfer is split: unsplit it before changing the amount");
  }
  await tx
    .update(transactions)
    .set({ amountMinor })
    .where(and(eq(transactions.userId, userId), inArray(transactions.id, ids)));
};
