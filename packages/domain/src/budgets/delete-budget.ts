import { budgets } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

export const deleteBudget = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const deleted = await ctx.db
    .delete(budgets)
    .where(and(eq(budgets.id, input.id), eq(budgets.userId, ctx.userId)))
    .returning({ id: budgets.id });
  requireRow(deleted[0], "budget");
};
