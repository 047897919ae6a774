import { type Plan, plans } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** The person's plan, or NOT_FOUND (also for someone else's). */
export const findPlan = async (ctx: Ctx, id: string): Promise<Plan> =>
  requireRow(
    (
      await ctx.db
        .select()
        .from(plans)
        .where(and(eq(plans.id, id), eq(plans.userId, ctx.userId)))
    )[0],
    "plan",
  );
