import { daysBetween } from "../budgets/learned-share.ts";
import { toDecimal } from "../shared/amounts.ts";
import type { AlertCandidate } from "./alert-view.ts";
import { DUPLICATE_WINDOW_DAYS, type TxFact } from "./transaction-facts.ts";

export { DUPLICATE_WINDOW_DAYS };

/**
 * A charge with a twin: another charge (money out) on the same account, of exactly the same
 * amount, at the same merchant (normalized), within DUPLICATE_WINDOW_DAYS days, that is not
 * the same row seen twice (the same external id; an import never stores that twice anyway).
 * The cause is the pair, so whichever of the two arrives second raises it, once.
 */
export const duplicateCharge = (tx: TxFact, window: readonly TxFact[]): AlertCandidate | undefined => {
  if (!tx.counts || tx.amountMinor >= 0n) return undefined;
  const twins = window
    .filter(
      (t) =>
        t.id !== tx.id &&
        t.counts &&
        t.accountId === tx.accountId &&
        t.amountMinor === tx.amountMinor &&
        t.currency === tx.currency &&
        t.merchantKey === tx.merchantKey &&
        !(tx.externalId !== null && t.externalId === tx.externalId) &&
        Math.abs(daysBetween(t.date, tx.date)) <= DUPLICATE_WINDOW_DAYS,
    )
    // The nearest day, then the smaller id: the same pair is found from either side.
    .sort(
      (a, b) =>
        Math.abs(daysBetween(a.date, tx.date)) - Math.abs(daysBetween(b.date, tx.date)) || (a.id < b.id ? -1 : 1),
    );
  const twin = twins[0];
  if (!twin) return undefined;
  const [first, second] = tx.id < twin.id ? [tx.id, twin.id] : [twin.id, tx.id];
  return {
    kind: "duplicate_charge",
    causeKey: `duplicate_charge:${first}:${second}`,
    transactionId: tx.id,
    categoryId: tx.categoryId,
    details: {
      currency: tx.currency,
      amount: toDecimal(-tx.amountMinor, tx.currency),
      otherTransactionId: twin.id,
      daysApart: Math.abs(daysBetween(twin.date, tx.date)),
    },
  };
};
