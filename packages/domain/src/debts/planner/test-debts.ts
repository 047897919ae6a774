import { percentRate } from "./rate.ts";
import type { MinimumRule, PlannerDebt, PlannerInput } from "./types.ts";

/** A debt for the planner's tests: monthly interest, no timeline, a fixed minimum unless given. */
export const debt = (
  id: string,
  balanceMinor: bigint,
  apr: string,
  minimum: MinimumRule | bigint,
  more: Partial<PlannerDebt> = {},
): PlannerDebt => ({
  id,
  name: id,
  balanceMinor,
  apr: percentRate(apr),
  aprSchedule: [],
  interestMethod: "monthly",
  minimum: typeof minimum === "bigint" ? { kind: "fixed", amountMinor: minimum } : minimum,
  ...more,
});

export const input = (budgetMinor: bigint, more: Partial<PlannerInput> = {}): PlannerInput => ({
  strategy: "avalanche",
  budgetMinor,
  startMonth: "2025-01",
  currency: "USD",
  ...more,
});
