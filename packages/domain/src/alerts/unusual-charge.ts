import { toDecimal } from "../shared/amounts.ts";
import type { AlertCandidate } from "./alert-view.ts";
import { historySample } from "./history-sample.ts";
import { madOfSorted, medianOfSorted, modifiedZScoreOfSorted, roundMinor } from "./robust-statistics.ts";
import type { TxFact } from "./transaction-facts.ts";

/** Iglewicz and Hoaglin's cut-off for an outlier's modified z-score. */
export const UNUSUAL_Z = 3.5;
/** Fewer past charges than this and there is no history to call anything unusual against. */
export const UNUSUAL_MIN_HISTORY = 5;
/** When every past charge was the same amount (no spread at all), this many times it is unusual. */
export const UNUSUAL_CONSTANT_FACTOR = 2;

/**
 * A charge (money out) far above the person's usual one at the same merchant, or, with
 * fewer than UNUSUAL_MIN_HISTORY charges there, in the same category: modified z-score of
 * the amount against the past year's charges > UNUSUAL_Z. Only high charges: paying less
 * than usual is no cause for alarm.
 */
export const unusualCharge = (tx: TxFact, window: readonly TxFact[]): AlertCandidate | undefined => {
  if (!tx.counts || tx.amountMinor >= 0n) return undefined;
  const charge = (t: TxFact) => Number(-t.amountMinor);
  const atMerchant = historySample(tx, window, {
    key: `merchant:${tx.merchantKey}`,
    match: (t) => t.amountMinor < 0n && t.merchantKey === tx.merchantKey,
    value: charge,
  });
  const inCategory = tx.categoryId
    ? historySample(tx, window, {
        key: `category:${tx.categoryId}`,
        match: (t) => t.amountMinor < 0n && t.categoryId === tx.categoryId,
        value: charge,
      })
    : new Float64Array(0);
  const [basis, history] =
    atMerchant.length >= UNUSUAL_MIN_HISTORY
      ? (["merchant", atMerchant] as const)
      : (["category", inCategory] as const);
  if (history.length < UNUSUAL_MIN_HISTORY) return undefined;
  const x = charge(tx);
  const center = medianOfSorted(history);
  const z = modifiedZScoreOfSorted(x, history);
  const unusual = z === undefined ? x >= UNUSUAL_CONSTANT_FACTOR * center : z > UNUSUAL_Z;
  if (!unusual || x <= center) return undefined;
  // The median of an even count can end in half a minor unit: shown rounded half-even.
  const minor = (v: number) => toDecimal(roundMinor(v), tx.currency);
  return {
    kind: "unusual_charge",
    causeKey: `unusual_charge:${tx.id}`,
    transactionId: tx.id,
    categoryId: tx.categoryId,
    details: {
      currency: tx.currency,
      amount: toDecimal(-tx.amountMinor, tx.currency),
      median: minor(center),
      mad: minor(madOfSorted(history, center)),
      score: z === undefined ? null : Math.round(z * 100) / 100,
      basis,
      history: history.length,
    },
  };
};
