import type { GoalContribution } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "../shared/schemas.ts";

export const GoalContributionView = z
  .object({
    id: Uuid,
    goalId: Uuid,
    /** Negative for money taken back out. */
    amount: DecimalAmount,
    currency: CurrencyCode,
    date: IsoDate,
    note: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "GoalContribution" });
export type GoalContributionView = z.infer<typeof GoalContributionView>;

/** A contribution is in its goal's currency; the row doesn't repeat it. */
export const toGoalContributionView = (c: GoalContribution, currency: string): GoalContributionView => ({
  id: c.id,
  goalId: c.goalId,
  amount: toDecimal(c.amountMinor, currency),
  currency,
  date: c.date,
  note: c.note,
  createdAt: c.createdAt.toISOString(),
});
