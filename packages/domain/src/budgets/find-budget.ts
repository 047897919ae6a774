import { type Budget, budgets } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** The person's budget, or NOT_FOUND (also for someone else's). */
export const findBudget = async (ctx: Ctx, id: string): Promise<Budget> =>
  requireRow(
    (
      await ctx.db
        .select()
        .from(budgets)
        .where(and(eq(budgets.id, id), eq(budgets.userId, ctx.userId)))
    )[0],
    "budget",
  );
