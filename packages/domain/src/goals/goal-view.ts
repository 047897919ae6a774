import type { Goal } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "../shared/schemas.ts";

/** How far along the goal is as of a date (today unless asked otherwise). */
export const GoalProgress = z
  .object({
    /** The linked account's balance, or the sum of contributions, up to and including the date. */
    saved: DecimalAmount,
    /** What is still missing; 0 once reached. */
    remaining: DecimalAmount,
    /** saved / target in percent, one decimal, rounded down and kept within 0.0-100.0. */
    percent: z.string().meta({ example: "42.5" }),
    /** remaining / whole months left (at least 1), rounded up to the minor unit; null without a targetDate. */
    requiredMonthlySaving: DecimalAmount.nullable(),
    /** Reached, or no target date, or the last three months' pace covers requiredMonthlySaving. */
    onTrack: z.boolean(),
  })
  .meta({ id: "GoalProgress" });
export type GoalProgress = z.infer<typeof GoalProgress>;

export const GoalView = z
  .object({
    id: Uuid,
    name: z.string(),
    targetAmount: DecimalAmount,
    currency: CurrencyCode,
    targetDate: IsoDate.nullable(),
    /** Progress follows this account's balance; null means progress is manual contributions. */
    accountId: Uuid.nullable(),
    progress: GoalProgress,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Goal" });
export type GoalView = z.infer<typeof GoalView>;

export const toGoalView = (g: Goal, progress: GoalProgress): GoalView => ({
  id: g.id,
  name: g.name,
  targetAmount: toDecimal(g.targetMinor, g.currency),
  currency: g.currency,
  targetDate: g.targetDate,
  accountId: g.accountId,
  progress,
  createdAt: g.createdAt.toISOString(),
  updatedAt: g.updatedAt.toISOString(),
});
