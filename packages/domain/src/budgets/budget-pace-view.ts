import { z } from "zod";
import { CurrencyCode, DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";

const Pace = z.object({
  /** What should have been spent by the end of today at this pace. */
  expected: DecimalAmount,
  /** The share of the period's spending expected by today (0.0000-1.0000). */
  share: z.string().meta({ example: "0.4667" }),
  daysAhead: z.number().nullable().meta({
    example: 2.5,
    description:
      "(expected − spent) in days of this pace's average daily rate so far (expected / elapsedDays), one decimal: positive = under pace, negative = over; null when nothing was expected yet",
  }),
  projected: DecimalAmount.meta({ description: "spent / share: the period's spending if it keeps this pace" }),
});

export const BudgetPace = z
  .object({
    budgetId: Uuid,
    currency: CurrencyCode,
    timeZone: z.string().meta({ example: "Europe/Berlin" }),
    /** Today in `timeZone`, or `asOf`. */
    today: IsoDate,
    start: IsoDate,
    end: IsoDate,
    days: z.int().meta({ description: "Days in the period (from the budget's start date if it began mid-period)" }),
    elapsedDays: z.int().meta({ description: "Days from the start through today, today included" }),
    spent: DecimalAmount,
    /** The budget's amount plus what rolled over: the period's limit. */
    available: DecimalAmount,
    /** Which pace `expected`, `daysAhead`, `projected` and `status` use: learned when there is history. */
    basis: z.enum(["learned", "linear"]),
    expected: DecimalAmount,
    daysAhead: z.number().nullable(),
    projected: DecimalAmount,
    status: z.enum(["under_pace", "on_pace", "over_pace"]),
    /** projected > available. */
    projectedOverrun: z.boolean(),
    linear: Pace,
    /** Null when fewer than 2 of the last 6 periods had spending in the category. */
    learned: Pace.extend({ periods: z.int().meta({ description: "Past periods averaged" }) }).nullable(),
  })
  .meta({
    id: "BudgetPace",
    example: {
      budgetId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      currency: "EUR",
      timeZone: "Europe/Berlin",
      today: "2026-04-14",
      start: "2026-04-01",
      end: "2026-04-30",
      days: 30,
      elapsedDays: 14,
      spent: "240.00",
      available: "400.00",
      basis: "learned",
      expected: "200.00",
      daysAhead: -2.8,
      projected: "480.00",
      status: "over_pace",
      projectedOverrun: true,
      linear: { expected: "186.67", share: "0.4667", daysAhead: -4, projected: "514.29" },
      learned: { expected: "200.00", share: "0.5000", daysAhead: -2.8, projected: "480.00", periods: 6 },
    },
  });
export type BudgetPace = z.infer<typeof BudgetPace>;
