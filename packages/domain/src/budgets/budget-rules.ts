import { accounts, type BudgetPeriod } from "@fincoach/db";
import { type AppError, conflict, invalidField } from "@fincoach/errors";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { DecimalAmount } from "../shared/schemas.ts";

/** A budget amount: a decimal string, zero or more. */
export const BudgetAmount = DecimalAmount.refine((s) => !s.startsWith("-"), "must not be negative");

/**
 * People have no currency of their own; a budget without one takes the currency of the
 * person's first account (the oldest), and is refused when there is no account yet.
 */
export const defaultBudgetCurrency = async (ctx: Ctx): Promise<string> => {
  const [first] = await ctx.db
    .select({ currency: accounts.currency })
    .from(accounts)
    .where(eq(accounts.userId, ctx.userId))
    .orderBy(asc(accounts.createdAt), asc(accounts.id))
    .limit(1);
  if (!first) throw invalidField("currency", "is required when you have no account to take it from");
  return first.currency;
};

export const duplicateBudget = (period: BudgetPeriod): AppError =>
  conflict(`this category already has a ${period} budget`);

/** Postgres unique_violation, however the driver or drizzle wraps it. */
export const isUniqueViolation = (e: unknown): boolean => {
  for (let cur: unknown = e; cur && typeof cur === "object"; cur = (cur as { cause?: unknown }).cause) {
    if ((cur as { code?: unknown }).code === "23505") return true;
  }
  return false;
};
