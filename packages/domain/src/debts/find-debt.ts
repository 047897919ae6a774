import { type Account, accounts, type Debt, debts } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import { referenceNotFound } from "../categories/reference-not-found.ts";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

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
