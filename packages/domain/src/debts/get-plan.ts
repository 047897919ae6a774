import type { Ctx } from "../shared/context.ts";
import { findPlan } from "./find-plan.ts";
import { type PlanView, toPlanView } from "./plan-view.ts";

/** The saved plan with the figures of its last run (POST /v1/plans/:id/rerun recomputes them). */
export const getPlan = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<PlanView> =>
  toPlanView(await findPlan(ctx, input.id));
