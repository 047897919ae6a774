import { accounts } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { findReferencedCategory } from "../categories/find-category.ts";
import { referenceNotFound } from "../categories/reference-not-found.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import type { RuleConditions } from "./rule-schemas.ts";

/**
 * The rule's references must be the person's own: its category (404 naming `categoryId`)
 * and the account of `conditions.accountId` (404 naming it). With an account, the amount
 * bounds must also fit its currency's decimals (400 naming the bound).
 */
export const checkRuleReferences = async (
  ctx: Ctx,
  rule: { conditions: RuleConditions; categoryId?: string | null | undefined },
): Promise<void> => {
  if (rule.categoryId) await findReferencedCategory(ctx, "categoryId", rule.categoryId);
  const { accountId, amountMin, amountMax } = rule.conditions;
  if (!accountId) return;
  const [account] = await ctx.db
    .select({ currency: accounts.currency })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.userId, ctx.userId)));
  if (!account) throw referenceNotFound("conditions.accountId", "account");
  if (amountMin) toMinor("conditions.amountMin", amountMin, account.currency);
  if (amountMax) toMinor("conditions.amountMax", amountMax, account.currency);
};
