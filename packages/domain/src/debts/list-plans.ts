import { plans } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { type PlanSummary, toPlanView } from "./plan-view.ts";

/** Every plan of the person, oldest first, without the month-by-month schedules (GET /v1/plans/:id has them). */
export const listPlans = async ({ ctx }: { ctx: Ctx }): Promise<PlanSummary[]> => {
  const rows = await ctx.db
    .select()
    .from(plans)
    .where(eq(plans.userId, ctx.userId))
    .orderBy(asc(plans.createdAt), asc(plans.id));
  return rows.map((p) => {
    const { schedule: _, ...summary } = toPlanView(p);
    return summary;
  });
};
