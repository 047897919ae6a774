import { type Goal, goals } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
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
