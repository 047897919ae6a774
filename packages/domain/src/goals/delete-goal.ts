import { goals } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** Deletes the goal and, by cascade, its contributions; a linked account is untouched. */
export const deleteGoal = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const deleted = await ctx.db
    .delete(goals)
    .where(and(eq(goals.id, input.id), eq(goals.userId, ctx.userId)))
    .returning({ id: goals.id });
  requireRow(deleted[0], "goal");
};
