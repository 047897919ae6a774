import { type Account, accounts, type Goal, goals } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import { referenceNotFound } from "../categories/reference-not-found.ts";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** The person's goal, or NOT_FOUND (also for someone else's). */
export const findGoal = async (ctx: Ctx, id: string): Promise<Goal> =>
  requireRow(
    (
      await ctx.db
        .select()
        .from(goals)
        .where(and(eq(goals.id, id), eq(goals.userId, ctx.userId)))
    )[0],
    "goal",
  );

/** The account a goal is to follow: the person's own, in the goal's currency (balances are never converted). */
export const findLinkableAccount = async (ctx: Ctx, accountId: string, currency: string): Promise<Account> => {
  const [account] = await ctx.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.userId, ctx.userId)));
  if (!account) throw referenceNotFound("accountId", "account");
  if (account.currency !== currency) {
    throw invalidField("accountId", `the account is in ${account.currency} but the goal is in ${currency}`);
  }
  return account;
};
