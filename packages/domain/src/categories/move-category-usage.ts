import { budgets, type DbOrTx, merchantMemories, rules, transactionSplits, transactions } from "@fincoach/db";
import { and, eq, inArray } from "drizzle-orm";

export type UsageMoved = { transactions: number; splits: number; budgets: number; budgetsDropped: number };

/**
 * Moves what uses category `from` (transactions, split rows, budgets) to `to`. A budget of
 * `from` whose period `to` already budgets is dropped: the target's budget wins, since
 * the unique (category, period) index allows only one.
 */
export const moveCategoryUsage = async (tx: DbOrTx, userId: string, from: string, to: string): Promise<UsageMoved> => {
  const movedTx = await tx
    .update(transactions)
    .set({ categoryId: to })
    .where(and(eq(transactions.userId, userId), eq(transactions.categoryId, from)))
    .returning({ id: transactions.id });
  const movedSplits = await tx
    .update(transactionSplits)
    .set({ categoryId: to })
    .where(and(eq(transactionSplits.userId, userId), eq(transactionSplits.categoryId, from)))
    .returning({ id: transactionSplits.id });
  const taken = (
    await tx
      .select({ period: budgets.period })
      .from(budgets)
      .where(and(eq(budgets.userId, userId), eq(budgets.categoryId, to)))
  ).map((b) => b.period);
  const dropped =
    taken.length === 0
      ? []
      : await tx
          .delete(budgets)
          .where(and(eq(budgets.userId, userId), eq(budgets.categoryId, from), inArray(budgets.period, taken)))
          .returning({ id: budgets.id });
  const movedBudgets = await tx
    .update(budgets)
    .set({ categoryId: to })
    .where(and(eq(budgets.userId, userId), eq(budgets.categoryId, from)))
    .returning({ id: budgets.id });
  // Rules (issue 11): a rule filing into `from` files into `to`, rather than losing its
  // category when `from` is deleted.
  await tx
    .update(rules)
    .set({ categoryId: to })
    .where(and(eq(rules.userId, userId), eq(rules.categoryId, from)));
  // Categorization (issue 11): suggestions and remembered corrections follow the category
  // too, rather than vanishing with it (set null / cascade) when `from` is deleted.
  await tx
    .update(transactions)
    .set({ suggestedCategoryId: to })
    .where(and(eq(transactions.userId, userId), eq(transactions.suggestedCategoryId, from)));
  await tx
    .update(merchantMemories)
    .set({ categoryId: to })
    .where(and(eq(merchantMemories.userId, userId), eq(merchantMemories.categoryId, from)));
  return {
    transactions: movedTx.length,
    splits: movedSplits.length,
    budgets: movedBudgets.length,
    budgetsDropped: dropped.length,
  };
};
