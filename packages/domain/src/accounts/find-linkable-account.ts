import { type Account, accounts } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import { referenceNotFound } from "../categories/reference-not-found.ts";
import type { Ctx } from "../shared/context.ts";

/**
 * The account a goal or a debt (`what`) is to follow: the person's own, in the same currency
 * (balances are never converted). Someone else's account is not found, as everywhere.
 */
export const findLinkableAccount = async (
  ctx: Ctx,
  accountId: string,
  currency: string,
  what: "goal" | "debt",
): Promise<Account> => {
  const [account] = await ctx.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.userId, ctx.userId)));
  if (!account) throw referenceNotFound("accountId", "account");
  if (account.currency !== currency) {
    throw invalidField("accountId", `the account is in ${account.currency} but the ${what} is in ${currency}`);
  }
  return account;
};
