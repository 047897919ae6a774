import { type Account, accounts, type Debt, debts, transactions } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, eq, sql } from "drizzle-orm";
import { referenceNotFound } from "../categories/reference-not-found.ts";
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

/** The account a debt is to follow: the person's own, in the debt's currency (balances are never converted). */
export const findDebtAccount = async (ctx: Ctx, accountId: string, currency: string): Promise<Account> => {
  const [account] = await ctx.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.userId, ctx.userId)));
  if (!account) throw referenceNotFound("accountId", "account");
  if (account.currency !== currency) {
    throw invalidField("accountId", `the account is in ${account.currency} but the debt is in ${currency}`);
  }
  return account;
};

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
