import { accounts, type Debt, debts, transactions } from "@fincoach/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { owedOn } from "./debt-balances.ts";

/** The person's debt, or NOT_FOUND (also for someone else's). */
export const findDebt = async (ctx: Ctx, id: string): Promise<Debt> =>
  requireRow(
    (
      await ctx.db
        .select()
        .from(debts)
        .where(and(eq(debts.id, id), eq(debts.userId, ctx.userId)))
    )[0],
    "debt",
  );

/** What the person's account owes now (its opening balance plus every transaction, negated; 0 in credit). */
export const owedNow = async (ctx: Ctx, accountId: string): Promise<bigint> => {
  const [row] = await ctx.db
    .select({
      opening: accounts.openingBalanceMinor,
      total: sql<string>`coalesce(sum(${transactions.amountMinor}), 0)::text`,
    })
    .from(accounts)
    .leftJoin(transactions, eq(transactions.accountId, accounts.id))
    .where(and(eq(accounts.id, accountId), eq(accounts.userId, ctx.userId)))
    .groupBy(accounts.id);
  return row ? owedOn(row.opening + BigInt(row.total)) : 0n;
};
