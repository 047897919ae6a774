import { entryInForce } from "./apr-timeline.ts";
import { addMonthsTo, type CalendarMonth, daysOfMonth, monthOf } from "./calendar-month.ts";
import { monthInterest } from "./interest.ts";
import { minimumPayment } from "./minimum-payment.ts";
import { payoffOrder } from "./payoff-order.ts";
import type { Rate } from "./rate.ts";
import type {
  AprEntry,
  DebtOutcome,
  PlannerDebt,
  PlannerInput,
  PlanOutcome,
  ScheduleMonth,
  Shortfall,
} from "./types.ts";

/** Beyond this many months a plan answers "never" instead of running on. */
export const HORIZON_MONTHS = 1200;

type DebtState = {
  debt: PlannerDebt;
  index: number;
  balance: bigint;
  /** Interest accrued under the deferred-interest stretch in force last month, not yet charged. */
  deferred: { entry: AprEntry; accruedMinor: bigint } | undefined;
  outcome: DebtOutcome;
};

/** The interest charged this month (deferred charge-back included) and the APR the month is ordered by. */
const chargeInterest = (s: DebtState, month: CalendarMonth): { interest: bigint; apr: Rate } => {
  const entry = entryInForce(s.debt, month);
  const rate = entry?.rate ?? s.debt.apr;
  const accrued = monthInterest(s.balance, rate, s.debt.interestMethod, daysOfMonth(month));
  let chargedBack = 0n;
  if (s.deferred && s.deferred.entry !== entry) {
    // The promotion ended last month and a balance is left (the debt is still active): all of it comes due.
    chargedBack = s.deferred.accruedMinor;
    s.deferred = undefined;
  }
  if (entry?.kind === "deferred_interest") {
    s.deferred = { entry, accruedMinor: (s.deferred?.accruedMinor ?? 0n) + accrued };
    return { interest: chargedBack, apr: rate };
  }
  return { interest: chargedBack + accrued, apr: rate };
};

const extrasByMonth = (input: PlannerInput): Map<CalendarMonth, bigint> => {
  const byMonth = new Map<CalendarMonth, bigint>();
  for (const e of input.extras ?? [])
    byMonth.set(monthOf(e.date), (byMonth.get(monthOf(e.date)) ?? 0n) + e.amountMinor);
  return byMonth;
};

/**
 * Runs the plan month by month. Each month, per active debt: interest on the opening balance
 * (rounded once), then the minimum; the budget (plus the month's extras) pays every minimum,
 * and what is left goes to the debts in line, first target first, each up to its statement
 * (balance + interest) - so money freed by a debt paid off this month flows on in this month.
 * Returns the shortfall instead if a month's money does not cover its minimums.
 */
export const simulate = (debts: readonly PlannerDebt[], input: PlannerInput): PlanOutcome | Shortfall => {
  const states: DebtState[] = debts.map((debt, index) => ({
    debt,
    index,
    balance: debt.balanceMinor,
    deferred: undefined,
    outcome: { debtId: debt.id, payoffMonth: null, totalInterestMinor: 0n, totalPaidMinor: 0n },
  }));
  const extras = extrasByMonth(input);
  const schedule: ScheduleMonth[] = [];
  const horizon = input.horizonMonths ?? HORIZON_MONTHS;
  for (let k = 0; k < horizon; k++) {
    const active = states.filter((s) => s.balance > 0n);
    if (active.length === 0) break;
    const month = addMonthsTo(input.startMonth, k);
    const step = payMonth(active, month, input, extras.get(month) ?? 0n);
    if ("requiredMinor" in step) return step;
    schedule.push(step);
  }
  return outcomeOf(states, schedule);
};

const payMonth = (
  active: DebtState[],
  month: CalendarMonth,
  input: PlannerInput,
  extraMinor: bigint,
): ScheduleMonth | Shortfall => {
  const figures = active.map((s) => {
    const { interest, apr } = chargeInterest(s, month);
    return {
      s,
      interest,
      apr,
      statement: s.balance + interest,
      payment: minimumPayment(s.debt.minimum, s.balance, interest),
    };
  });
  const requiredMinor = figures.reduce((sum, f) => sum + f.payment, 0n);
  if (input.strategy !== "minimum_only") {
    const availableMinor = input.budgetMinor + extraMinor;
    if (availableMinor < requiredMinor) {
      const minimums = figures.map((f) => ({ debtId: f.s.debt.id, name: f.s.debt.name, minimumMinor: f.payment }));
      return { month, availableMinor, requiredMinor, minimums };
    }
    let left = availableMinor - requiredMinor;
    const keys = figures.map((f) => ({ debtId: f.s.debt.id, balanceMinor: f.s.balance, apr: f.apr, index: f.s.index }));
    for (const key of payoffOrder(input.strategy, keys, input.order)) {
      const f = figures.find((x) => x.s.debt.id === key.debtId)!;
      const more = f.statement - f.payment < left ? f.statement - f.payment : left;
      f.payment += more;
      left -= more;
    }
  }
  const payments = figures.map(({ s, interest, statement, payment }) => {
    s.balance = statement - payment;
    s.outcome.totalInterestMinor += interest;
    s.outcome.totalPaidMinor += payment;
    if (s.balance === 0n) s.outcome.payoffMonth = month;
    return {
      debtId: s.debt.id,
      paymentMinor: payment,
      interestMinor: interest,
      principalMinor: payment - interest,
      balanceMinor: s.balance,
    };
  });
  return { month, payments };
};

const outcomeOf = (states: DebtState[], schedule: ScheduleMonth[]): PlanOutcome => {
  const paidOff = states.every((s) => s.balance <= 0n);
  const last = schedule.at(-1);
  return {
    status: paidOff ? "paid_off" : "never",
    months: paidOff ? schedule.length : null,
    debtFreeMonth: paidOff && last ? last.month : null,
    totalInterestMinor: states.reduce((sum, s) => sum + s.outcome.totalInterestMinor, 0n),
    totalPaidMinor: states.reduce((sum, s) => sum + s.outcome.totalPaidMinor, 0n),
    debts: states.map((s) => s.outcome),
    schedule,
  };
};
