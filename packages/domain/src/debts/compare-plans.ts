import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { buildPlan } from "./build-plan.ts";
import type { CreatePlan } from "./plan-input.ts";
import { PlanComparison, PlanResult } from "./plan-view.ts";

/** The comparison answer: the plan asked for (its totals, no schedule) against the alternatives. */
export const PlanComparisonView = z
  .object({
    plan: PlanResult.omit({ schedule: true }),
    /** Minimum payments only (no extras), then the other strategies on the same budget and extras. */
    against: z.array(PlanComparison),
  })
  .meta({ id: "PlanComparisonResult" });
export type PlanComparisonView = z.infer<typeof PlanComparisonView>;

/** What the plan would save against minimum payments only and the other strategies; nothing is saved. */
export const comparePlans = async ({ ctx, input }: { ctx: Ctx; input: CreatePlan }): Promise<PlanComparisonView> => {
  const { schedule: _, ...plan } = await buildPlan({ ctx, input });
  return { plan, against: plan.comparison };
};
