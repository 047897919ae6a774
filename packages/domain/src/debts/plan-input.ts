import { PLAN_STRATEGIES } from "@fincoach/db";
import { z } from "zod";
import { DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";

/** The most snowflakes one plan takes: far more than a horizon's worth of monthly extras would need. */
export const MAX_EXTRAS = 1200;

const Budget = DecimalAmount.refine((s) => !s.startsWith("-") && /[1-9]/.test(s), "must be greater than zero");
const uniqueIds = (ids: string[]) => new Set(ids).size === ids.length;

/**
 * What a plan is asked for. The budget is a fixed total per month across the debts (minimums
 * first, the rest to the first in line); extras are dated one-off amounts, negative allowed.
 */
export const CreatePlan = z
  .object({
    strategy: z.enum(PLAN_STRATEGIES),
    monthlyBudget: Budget.meta({ example: "500.00" }),
    startDate: IsoDate.optional().meta({
      description: "The first month of the plan is this date's month (default: today, UTC)",
    }),
    debtIds: z.array(Uuid).min(1).max(100).refine(uniqueIds, "must not repeat a debt").optional().meta({
      description: "The debts to plan (default: all of the person's debts)",
    }),
    order: z.array(Uuid).min(1).max(100).refine(uniqueIds, "must not repeat a debt").optional().meta({
      description: "custom strategy: every planned debt's id, first target first",
    }),
    extras: z
      .array(z.object({ date: IsoDate, amount: DecimalAmount.meta({ example: "250.00" }) }).strict())
      .max(MAX_EXTRAS)
      .optional(),
  })
  .strict()
  .refine((p) => p.strategy !== "custom" || p.order !== undefined, {
    path: ["order"],
    message: "is required for the custom strategy",
  })
  .refine((p) => p.strategy === "custom" || p.order === undefined, {
    path: ["order"],
    message: "is only for the custom strategy",
  })
  .meta({
    id: "CreatePlan",
    example: {
      strategy: "avalanche",
      monthlyBudget: "800.00",
      startDate: "2025-01-01",
      extras: [{ date: "2025-03-15", amount: "500.00" }],
    },
  });
export type CreatePlan = z.infer<typeof CreatePlan>;
