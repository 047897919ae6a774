import type { NudgeKind } from "@fincoach/db";

/**
 * One nudge's cause and figures, as a gatherer found them. Every figure is an exact string
 * (amounts as decimal strings in `currency`, months as YYYY-MM); counts are integers. The
 * template renders these, the LLM receives them as data, and its answer may quote only them.
 */
export type NudgeFacts<K extends NudgeKind = NudgeKind> = {
  kind: K;
  /** kind + subject + period: the same cause always makes the same key (once per person). */
  causeKey: string;
  facts: FactsOf[K];
};

export type FactsOf = {
  budget_slip: {
    budget: string;
    currency: string;
    spent: string;
    available: string;
    projected: string;
    /** projected − available. */
    overrun: string;
    /** available − spent, 0 when already over. */
    left: string;
    /** Days after today to the end of the period. */
    daysLeft: number;
    /** left / daysLeft rounded down to the minor unit: spending at most this each day stays on budget. */
    dailyAllowance: string;
    periodEnd: string;
  };
  goal_progress: {
    goal: string;
    currency: string;
    saved: string;
    target: string;
    percent: string;
    onTrack: boolean;
    /** Null without a target date. */
    targetDate: string | null;
    requiredMonthlySaving: string | null;
  };
  debt_progress: {
    debt: string;
    currency: string;
    /** The balance the saved plan started from minus the balance now. */
    paid: string;
    balance: string;
    /** Months from this month to the debt's payoff month in the saved plan, both counted. */
    monthsLeft: number;
    payoffMonth: string;
  };
  debt_freed: {
    debt: string;
    currency: string;
    /** The minimum payment the debt no longer asks for. */
    freed: string;
  };
  subscription_unused: {
    subscription: string;
    currency: string;
    /** The last charge, as a positive amount. */
    amount: string;
    cadence: string;
    /** Whole months since the first charge. */
    months: number;
    /** amount × charges per year. */
    yearly: string;
  };
};
