import { AppError, type FieldIssue } from "@fincoach/errors";
import { formatDecimal } from "@fincoach/money";
import { entryInForce } from "./apr-timeline.ts";
import { daysOfMonth } from "./calendar-month.ts";
import { monthInterest } from "./interest.ts";
import { minimumPayment } from "./minimum-payment.ts";
import { simulate } from "./simulate.ts";
import type { PlannerDebt, PlannerInput, Shortfall } from "./types.ts";

const money = (minor: bigint, currency: string) => formatDecimal({ minor, currency });

/**
 * Debts whose first-month minimum does not cover that month's interest (negative
 * amortization): each named with the smallest minimum that would pay something off,
 * interest plus one minor unit. A deferred-interest month charges nothing, so it never trips this.
 */
export const negativeAmortization = (debts: readonly PlannerDebt[], input: PlannerInput): FieldIssue[] =>
  debts.flatMap((d) => {
    if (d.balanceMinor <= 0n) return [];
    const entry = entryInForce(d, input.startMonth);
    if (entry?.kind === "deferred_interest") return [];
    const interest = monthInterest(
      d.balanceMinor,
      entry?.rate ?? d.apr,
      d.interestMethod,
      daysOfMonth(input.startMonth),
    );
    const minimum = minimumPayment(d.minimum, d.balanceMinor, interest);
    if (minimum > interest || minimum === d.balanceMinor + interest) return [];
    const c = input.currency;
    return [
      {
        path: `debts.${d.id}.minimumPayment`,
        message:
          `"${d.name}": the minimum payment ${money(minimum, c)} does not cover ${input.startMonth}'s interest ` +
          `${money(interest, c)}, so the balance would never go down; a minimum of at least ${money(interest + 1n, c)} would work`,
      },
    ];
  });

/**
 * The smallest budget with which no month falls short of its minimums, by bisection: more
 * budget never makes a later month need more (balances, so interest and percentage minimums,
 * only go down). `above` fell short; paying every statement in the first month always works.
 */
export const smallestWorkingBudget = (debts: readonly PlannerDebt[], input: PlannerInput, above: bigint): bigint => {
  const negativeExtras = (input.extras ?? []).reduce((s, e) => (e.amountMinor < 0n ? s - e.amountMinor : s), 0n);
  const firstMonthDue = debts.reduce((s, d) => {
    const rate = entryInForce(d, input.startMonth)?.rate ?? d.apr;
    return s + d.balanceMinor + monthInterest(d.balanceMinor, rate, d.interestMethod, daysOfMonth(input.startMonth));
  }, 0n);
  let lo = above;
  let hi = firstMonthDue + negativeExtras;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if ("requiredMinor" in simulate(debts, { ...input, budgetMinor: mid })) lo = mid;
    else hi = mid;
  }
  return hi;
};

/** The problem for a budget that leaves a month short: which month, which minimums, and what budget would work. */
export const budgetTooLow = (debts: readonly PlannerDebt[], input: PlannerInput, short: Shortfall): AppError => {
  const c = input.currency;
  const works = smallestWorkingBudget(debts, input, input.budgetMinor);
  const named = short.minimums.map((m) => `"${m.name}" ${money(m.minimumMinor, c)}`).join(", ");
  const message =
    `the budget ${money(input.budgetMinor, c)} leaves ${short.month} short: ${money(short.availableMinor, c)} ` +
    `available for minimum payments of ${money(short.requiredMinor, c)} (${named}); ` +
    `a monthly budget of at least ${money(works, c)} would work`;
  return new AppError("VALIDATION", `monthlyBudget: ${message}`, { issues: [{ path: "monthlyBudget", message }] });
};
