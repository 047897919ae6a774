import { debts } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/**
 * Deletes the debt; a linked account is untouched. Saved plans keep their last result; a
 * re-run of a plan that named it answers a problem naming the missing debt.
 */
export const deleteDebt = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const deleted = await ctx.db
    .delete(debts)
    .where(and(eq(debts.id, input.id), eq(debts.userId, ctx.userId)))
    .returning({ id: debts.id });
  requireRow(deleted[0], "debt");
};
