import { DEBT_INTEREST_METHODS } from "@fincoach/db";
import { z } from "zod";
import { DecimalAmount, IsoDate } from "../shared/schemas.ts";
import { overlappingEntries } from "./planner/apr-timeline.ts";
import { APR_KINDS } from "./planner/types.ts";

export const DebtName = z.string().trim().min(1).max(120);

/** A yearly percentage as a decimal string ("22.90"), 0 to 999.9999: never a JSON number. */
export const Apr = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, 'must be a yearly percentage like "22.90" (up to 4 decimals)')
  .meta({ example: "22.90" });

/** A share of a balance in percent, above 0 and at most 100. */
export const Percent = Apr.refine((s) => /[1-9]/.test(s) && Number(s) <= 100, "must be above 0 and at most 100").meta({
  example: "2",
});

const NonNegative = DecimalAmount.refine((s) => !s.startsWith("-"), "must not be negative");
const Positive = DecimalAmount.refine((s) => !s.startsWith("-") && /[1-9]/.test(s), "must be greater than zero");

/** What a debt's balance may be: 0 or more, in the debt's currency. */
export const DebtBalance = NonNegative.meta({ example: "3000.00" });

export const MinimumPayment = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("fixed"), amount: Positive.meta({ example: "193.33" }) }).strict(),
    z.object({ kind: z.literal("percent"), percent: Percent, floor: NonNegative.meta({ example: "25.00" }) }).strict(),
    z
      .object({
        kind: z.literal("interest_plus_percent"),
        percent: Percent,
        floor: NonNegative.meta({ example: "25.00" }),
      })
      .strict(),
  ])
  .meta({
    id: "MinimumPayment",
    description:
      "fixed: the amount. percent: that share of the statement (balance + the month's interest), at least floor. " +
      "interest_plus_percent: the month's interest plus that share of the balance, at least floor. Never more than the statement.",
  });
export type MinimumPayment = z.infer<typeof MinimumPayment>;

export const AprEntry = z
  .object({
    apr: Apr,
    from: IsoDate,
    to: IsoDate.nullable().optional(),
    kind: z.enum(APR_KINDS),
  })
  .strict()
  .refine((e) => e.to == null || e.to >= e.from, { path: ["to"], message: "must not be before from" })
  .refine((e) => e.kind !== "deferred_interest" || e.to != null, {
    path: ["to"],
    message: "a deferred-interest promotion needs an end date (its interest is charged back then)",
  })
  .meta({
    id: "AprEntry",
    description:
      "A stretch of the APR timeline, from..to inclusive. A month takes the entry in force on its first day " +
      "(the debt's `apr` if none). deferred_interest charges nothing while it lasts but accrues interest at `apr`, " +
      "all charged in the month after `to` if a balance is left.",
  });

export const AprSchedule = z
  .array(AprEntry)
  .max(50)
  .superRefine((entries, ctx) => {
    const pair = overlappingEntries(entries);
    if (pair) ctx.addIssue({ code: "custom", path: [pair[1]], message: `overlaps entry ${pair[0]}` });
  });

export const InterestMethod = z.enum(DEBT_INTEREST_METHODS).meta({
  description:
    "monthly: APR/12 (default). daily_365 / daily_360: APR/365 or /360 compounded daily over the month's days",
});
