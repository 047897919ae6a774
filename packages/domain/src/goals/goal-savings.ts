import { accounts, type DbOrTx, type Goal, goalContributions, transactions } from "@fincoach/db";
import { type AnyColumn, and, eq, sql } from "drizzle-orm";
import { addMonths, type CalendarDate } from "../budgets/calendar-date.ts";
import { PACE_MONTHS } from "./goal-progress.ts";

export type GoalSavings = { savedMinor: bigint; recentMinor: bigint };

/** Sum of `amount` up to `asOf`, and the part of it dated after `since`. */
const sums = (amount: AnyColumn, date: AnyColumn, since: string, asOf: string) => ({
  total: sql<string>`coalesce(sum(${amount}) filter (where ${date} <= ${asOf}), 0)::text`,
  recent: sql<string>`coalesce(sum(${amount}) filter (where ${date} > ${since} and ${date} <= ${asOf}), 0)::text`,
});

/**
 * What the goal has saved by `asOf`, and how much of that in the last PACE_MONTHS months:
 * the linked account's balance (opening balance plus its transactions dated up to asOf),
 * or, without a linked account, its contributions dated up to asOf.
 */
export const goalSavings = async (db: DbOrTx, goal: Goal, asOf: CalendarDate): Promise<GoalSavings> => {
  const since = addMonths(asOf, -PACE_MONTHS);
  if (goal.accountId !== null) {
    const [row] = await db
      .select({
        opening: accounts.openingBalanceMinor,
        ...sums(transactions.amountMinor, transactions.date, since, asOf),
      })
      .from(accounts)
      .leftJoin(transactions, eq(transactions.accountId, accounts.id))
      .where(and(eq(accounts.id, goal.accountId), eq(accounts.userId, goal.userId)))
      .groupBy(accounts.id);
    if (row) return { savedMinor: row.opening + BigInt(row.total), recentMinor: BigInt(row.recent) };
  }
  const [row] = await db
    .select(sums(goalContributions.amountMinor, goalContributions.date, since, asOf))
    .from(goalContributions)
    .where(and(eq(goalContributions.goalId, goal.id), eq(goalContributions.userId, goal.userId)));
  return { savedMinor: BigInt(row?.total ?? "0"), recentMinor: BigInt(row?.recent ?? "0") };
};
