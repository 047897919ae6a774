import { plans } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** Deletes the saved plan; its debts are untouched. */
export const deletePlan = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const deleted = await ctx.db
    .delete(plans)
    .where(and(eq(plans.id, input.id), eq(plans.userId, ctx.userId)))
    .returning({ id: plans.id });
  requireRow(deleted[0], "plan");
};
