import type { CalendarMonth } from "./calendar-month.ts";
import type { InterestMethod } from "./interest.ts";
import type { Rate } from "./rate.ts";

export const APR_KINDS = ["standard", "promotional", "deferred_interest"] as const;
export type AprKind = (typeof APR_KINDS)[number];

/**
 * One stretch of a debt's APR timeline, from and to inclusive (calendar dates). A
 * `deferred_interest` stretch charges nothing while it lasts but accrues interest at its `rate`;
 * the accrued sum is charged in the month after it ends if a balance is left.
 */
export type AprEntry = { rate: Rate; from: string; to: string | null; kind: AprKind };

export type MinimumRule =
  | { kind: "fixed"; amountMinor: bigint }
  | { kind: "percent"; percent: Rate; floorMinor: bigint }
  | { kind: "interest_plus_percent"; percent: Rate; floorMinor: bigint };

/** A debt as the planner sees it; the caller passes debts in creation order (the last tie-break). */
export type PlannerDebt = {
  id: string;
  name: string;
  balanceMinor: bigint;
  /** The APR in force whenever no timeline entry covers a month. */
  apr: Rate;
  aprSchedule: readonly AprEntry[];
  interestMethod: InterestMethod;
  minimum: MinimumRule;
};

export const STRATEGIES = ["snowball", "avalanche", "custom"] as const;
export type Strategy = (typeof STRATEGIES)[number];
/** The strategies the planner runs: the person's three, and the minimum-payments-only baseline. */
export type RunStrategy = Strategy | "minimum_only";

/** A dated one-off extra ("snowflake"); negative takes money out of that month's budget. */
export type Extra = { date: string; amountMinor: bigint };

export type PlannerInput = {
  strategy: RunStrategy;
  /** The fixed total paid each month across all debts (ignored by minimum_only). */
  budgetMinor: bigint;
  startMonth: CalendarMonth;
  /** Debt ids, first target first (custom only). */
  order?: readonly string[] | undefined;
  extras?: readonly Extra[] | undefined;
  currency: string;
  horizonMonths?: number | undefined;
};

export type ScheduledPayment = {
  debtId: string;
  paymentMinor: bigint;
  interestMinor: bigint;
  /** payment − interest: what the balance went down by (negative if it grew). */
  principalMinor: bigint;
  balanceMinor: bigint;
};
export type ScheduleMonth = { month: CalendarMonth; payments: ScheduledPayment[] };

export type DebtOutcome = {
  debtId: string;
  /** The month of the final payment; null if the debt was already paid or is never paid within the horizon. */
  payoffMonth: CalendarMonth | null;
  totalInterestMinor: bigint;
  totalPaidMinor: bigint;
};

/** What a month needed that the budget (plus that month's extras) did not have. */
export type Shortfall = {
  month: CalendarMonth;
  availableMinor: bigint;
  requiredMinor: bigint;
  minimums: { debtId: string; name: string; minimumMinor: bigint }[];
};

export type PlanOutcome = {
  /** `never`: a balance was left after the horizon (1,200 months by default). */
  status: "paid_off" | "never";
  months: number | null;
  debtFreeMonth: CalendarMonth | null;
  totalInterestMinor: bigint;
  totalPaidMinor: bigint;
  debts: DebtOutcome[];
  schedule: ScheduleMonth[];
};
