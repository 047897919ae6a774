import type { NudgeFacts } from "./nudge-facts.ts";

/** One nudge of each kind (and variant) with hand-picked figures, for the template and LLM tests. */
export const FIXTURES = {
  budgetSlip: {
    kind: "budget_slip",
    causeKey: "budget_slip:b:2026-04-01",
    facts: {
      budget: "Groceries",
      currency: "USD",
      spent: "1320.00",
      available: "1500.00",
      projected: "1980.00",
      overrun: "480.00",
      left: "180.00",
      daysLeft: 10,
      dailyAllowance: "18.00",
      periodEnd: "2026-04-30",
    },
  },
  budgetSlipLastDay: {
    kind: "budget_slip",
    causeKey: "budget_slip:b:2026-04-01",
    facts: {
      budget: "Groceries",
      currency: "EUR",
      spent: "1600.00",
      available: "1500.00",
      projected: "1600.00",
      overrun: "100.00",
      left: "0.00",
      daysLeft: 0,
      dailyAllowance: "0.00",
      periodEnd: "2026-04-30",
    },
  },
  goalOnTrack: {
    kind: "goal_progress",
    causeKey: "goal_progress:g:2026-04",
    facts: {
      goal: "Emergency fund",
      currency: "EUR",
      saved: "1234.50",
      target: "5000.00",
      percent: "24.6",
      onTrack: true,
      targetDate: "2027-03-31",
      requiredMonthlySaving: "342.32",
    },
  },
  goalBehind: {
    kind: "goal_progress",
    causeKey: "goal_progress:g:2026-04",
    facts: {
      goal: "Emergency fund",
      currency: "EUR",
      saved: "1234.50",
      target: "5000.00",
      percent: "24.6",
      onTrack: false,
      targetDate: "2027-03-31",
      requiredMonthlySaving: "342.32",
    },
  },
  debtProgress: {
    kind: "debt_progress",
    causeKey: "debt_progress:d:2026-04",
    facts: {
      debt: "Visa",
      currency: "USD",
      paid: "1250.75",
      balance: "3749.25",
      monthsLeft: 14,
      payoffMonth: "2027-05",
    },
  },
  debtFreed: {
    kind: "debt_freed",
    causeKey: "debt_freed:d",
    facts: { debt: "Car loan", currency: "USD", freed: "325.00" },
  },
  subscription: {
    kind: "subscription_unused",
    causeKey: "subscription_unused:s",
    facts: {
      subscription: "Streamflix",
      currency: "EUR",
      amount: "12.99",
      cadence: "monthly",
      months: 7,
      yearly: "155.88",
    },
  },
} satisfies Record<string, NudgeFacts>;
