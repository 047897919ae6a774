import { categoryFeedback, transactions } from "@fincoach/db";
import { and, asc, eq, exists, inArray, isNotNull, or } from "drizzle-orm";
import { merchantKeyOf } from "../categorization/merchant-key.ts";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";

/** One row a person's own model learns from: the label is their category id. */
export type LabelledTransaction = {
  description: string;
  /** The merchant key the pipeline gives the model stage (merchantKeyOf), so training sees what scoring will. */
  merchant: string | null;
  /** Signed decimal text. */
  amount: string;
  currency: string;
  date: string;
  categoryId: string;
};

/**
 * The person's transactions whose category they stand behind: chosen by hand, by their own
 * rule or remembered correction, or a model's pick they accepted (feedback says so). A
 * model's pick nobody confirmed is left out, or a person's model would learn the shared
 * model's mistakes as truth. Oldest first, so the same history gives the same training rows.
 */
export const listLabelledHistory = async ({ ctx }: { ctx: Ctx }): Promise<LabelledTransaction[]> => {
  const acceptedModelPick = and(
    eq(transactions.categorySource, "model"),
    exists(
      ctx.db
        .select({ one: categoryFeedback.id })
        .from(categoryFeedback)
        .where(
          and(
            eq(categoryFeedback.userId, ctx.userId),
            eq(categoryFeedback.transactionId, transactions.id),
            eq(categoryFeedback.outcome, "accepted"),
          ),
        ),
    ),
  );
  const rows = await ctx.db
    .select({
      description: transactions.description,
      merchant: transactions.merchant,
      amountMinor: transactions.amountMinor,
      currency: transactions.currency,
      date: transactions.date,
      categoryId: transactions.categoryId,
    })
    .from(transactions)
    .where(
      and(
        eq(transactions.userId, ctx.userId),
        isNotNull(transactions.categoryId),
        or(inArray(transactions.categorySource, ["manual", "rule", "memory"]), acceptedModelPick),
      ),
    )
    .orderBy(asc(transactions.date), asc(transactions.id));
  return rows.map((r) => ({
    description: r.description,
    merchant: merchantKeyOf(r.description, r.merchant) || null,
    amount: toDecimal(r.amountMinor, r.currency),
    currency: r.currency,
    date: r.date,
    categoryId: r.categoryId!,
  }));
};
