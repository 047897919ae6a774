import type { Rate } from "./rate.ts";
import { rateAbove } from "./rate.ts";
import type { RunStrategy } from "./types.ts";

/** What the order of a month is decided on: the opening balance, the APR in force, the place in the input. */
export type OrderKey = { debtId: string; balanceMinor: bigint; apr: Rate; index: number };

const byBalance = (a: OrderKey, b: OrderKey) =>
  a.balanceMinor < b.balanceMinor ? -1 : a.balanceMinor > b.balanceMinor ? 1 : 0;
const byAprDesc = (a: OrderKey, b: OrderKey) => (rateAbove(a.apr, b.apr) ? -1 : rateAbove(b.apr, a.apr) ? 1 : 0);

/**
 * The month's line of debts, first target first, re-decided every month on that month's
 * figures. snowball: smallest opening balance, then higher APR, then creation order.
 * avalanche: highest APR in force, then smaller balance, then creation order. custom: the
 * given order. The last tie-break is the debts' creation order, so a plan is deterministic.
 */
export const payoffOrder = (strategy: RunStrategy, keys: OrderKey[], custom: readonly string[] = []): OrderKey[] => {
  const byIndex = (a: OrderKey, b: OrderKey) => a.index - b.index;
  if (strategy === "custom") {
    const rank = (k: OrderKey) => custom.indexOf(k.debtId);
    return [...keys].sort((a, b) => rank(a) - rank(b) || byIndex(a, b));
  }
  if (strategy === "snowball") return [...keys].sort((a, b) => byBalance(a, b) || byAprDesc(a, b) || byIndex(a, b));
  return [...keys].sort((a, b) => byAprDesc(a, b) || byBalance(a, b) || byIndex(a, b));
};
