import type { Plan } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "../shared/schemas.ts";
import type { Comparison } from "./planner/compare-strategies.ts";
import type { PlanOutcome } from "./planner/types.ts";

const Month = z.string().meta({ example: "2029-12", description: "A calendar month, YYYY-MM" });
const Status = z.enum(["paid_off", "never"]).meta({
  description: "never: a balance is still owed after the horizon (1,200 months); months and debtFreeDate are then null",
});

export const PlanPayment = z.object({
  debtId: Uuid,
  payment: DecimalAmount,
  /** Interest charged this month (a deferred-interest charge-back included). */
  interest: DecimalAmount,
  /** payment − interest: what the balance went down by. */
  principal: DecimalAmount,
  /** The balance after this month's payment. */
  balance: DecimalAmount,
});

export const PlanComparison = z
  .object({
    strategy: z.enum(["minimum_only", "snowball", "avalanche"]),
    status: z.enum(["paid_off", "never", "budget_short"]),
    months: z.number().int().nullable(),
    debtFreeDate: Month.nullable(),
    totalInterest: DecimalAmount,
    /** Their interest minus this plan's (positive: the plan saves); null when either never finishes. */
    interestSaved: DecimalAmount.nullable(),
    monthsSaved: z.number().int().nullable(),
  })
  .meta({ id: "PlanComparison" });

/** A plan's figures as computed (saved with it, and returned by /v1/plans/compare without saving). */
export const PlanResult = z.object({
  strategy: z.enum(["snowball", "avalanche", "custom"]),
  status: Status,
  currency: CurrencyCode,
  monthlyBudget: DecimalAmount,
  startDate: IsoDate,
  debtIds: z.array(Uuid),
  order: z.array(Uuid).nullable(),
  extras: z.array(z.object({ date: IsoDate, amount: DecimalAmount })),
  /** The month of the last payment. */
  debtFreeDate: Month.nullable(),
  /** Months from the start month to the last payment, both counted. */
  months: z.number().int().nullable(),
  totalInterest: DecimalAmount,
  totalPaid: DecimalAmount,
  debts: z.array(
    z.object({ debtId: Uuid, payoffMonth: Month.nullable(), totalInterest: DecimalAmount, totalPaid: DecimalAmount }),
  ),
  schedule: z.array(z.object({ month: Month, payments: z.array(PlanPayment) })),
  /** Against minimum payments only and the strategies this plan is not. */
  comparison: z.array(PlanComparison),
});
export type PlanResult = z.infer<typeof PlanResult>;

export const PlanView = PlanResult.extend({
  id: Uuid,
  /** When the figures were computed: at creation, or at the last re-run. */
  computedAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).meta({ id: "Plan" });
export type PlanView = z.infer<typeof PlanView>;

export const PlanSummary = PlanView.omit({ schedule: true }).meta({ id: "PlanSummary" });
export type PlanSummary = z.infer<typeof PlanSummary>;

export type PlanInputs = Pick<
  PlanResult,
  "strategy" | "currency" | "monthlyBudget" | "startDate" | "debtIds" | "order" | "extras"
>;

/** The planner's exact figures as the wire's decimal strings. */
export const toPlanResult = (inputs: PlanInputs, outcome: PlanOutcome, comparison: Comparison[]): PlanResult => {
  const c = inputs.currency;
  const dec = (minor: bigint) => toDecimal(minor, c);
  return {
    ...inputs,
    status: outcome.status,
    debtFreeDate: outcome.debtFreeMonth,
    months: outcome.months,
    totalInterest: dec(outcome.totalInterestMinor),
    totalPaid: dec(outcome.totalPaidMinor),
    debts: outcome.debts.map((d) => ({
      debtId: d.debtId,
      payoffMonth: d.payoffMonth,
      totalInterest: dec(d.totalInterestMinor),
      totalPaid: dec(d.totalPaidMinor),
    })),
    schedule: outcome.schedule.map((m) => ({
      month: m.month,
      payments: m.payments.map((p) => ({
        debtId: p.debtId,
        payment: dec(p.paymentMinor),
        interest: dec(p.interestMinor),
        principal: dec(p.principalMinor),
        balance: dec(p.balanceMinor),
      })),
    })),
    comparison: comparison.map((x) => ({
      strategy: x.strategy as "minimum_only" | "snowball" | "avalanche",
      status: x.status,
      months: x.months,
      debtFreeDate: x.debtFreeMonth,
      totalInterest: dec(x.totalInterestMinor),
      interestSaved: x.interestSavedMinor === null ? null : dec(x.interestSavedMinor),
      monthsSaved: x.monthsSaved,
    })),
  };
};

export const toPlanView = (p: Plan): PlanView => ({
  ...(p.result as PlanResult),
  id: p.id,
  computedAt: p.computedAt.toISOString(),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
