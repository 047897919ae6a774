import { toDecimal } from "../shared/amounts.ts";
import type { AlertCandidate } from "./alert-view.ts";
import { historySample } from "./history-sample.ts";
import { medianOfSorted, percentileOfSorted, roundMinor } from "./robust-statistics.ts";
import type { TxFact } from "./transaction-facts.ts";

/** Past transactions in the same direction needed before anything counts as large. */
export const LARGE_MIN_HISTORY = 10;
/** Above this percentile of the past year's amounts in the same direction... */
export const LARGE_PERCENTILE = 99;
/** ...and at least this many times their median. */
export const LARGE_MEDIAN_FACTOR = 2;

/**
 * A large income or spend for this person: an amount above the nearest-rank 99th percentile
 * of the past year's amounts in the same direction (money in, or money out) and currency,
 * and at least twice their median. The percentile alone would call any new maximum large
 * (with under 100 past amounts the 99th percentile is the maximum); the median factor keeps
 * a person whose amounts are all alike from hearing about one a few cents above the rest.
 */
export const largeTransaction = (tx: TxFact, window: readonly TxFact[]): AlertCandidate | undefined => {
  if (!tx.counts || tx.amountMinor === 0n) return undefined;
  const income = tx.amountMinor > 0n;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const history = historySample(tx, window, {
    key: income ? "income" : "spend",
    match: (t) => t.amountMinor !== 0n && t.amountMinor > 0n === income,
    value: (t) => Number(abs(t.amountMinor)),
  });
  if (history.length < LARGE_MIN_HISTORY) return undefined;
  const x = Number(abs(tx.amountMinor));
  const p99 = percentileOfSorted(history, LARGE_PERCENTILE);
  const center = medianOfSorted(history);
  if (!(x > p99 && x >= LARGE_MEDIAN_FACTOR * center)) return undefined;
  const minor = (v: number) => toDecimal(roundMinor(v), tx.currency);
  return {
    kind: "large_transaction",
    causeKey: `large_transaction:${tx.id}`,
    transactionId: tx.id,
    categoryId: tx.categoryId,
    details: {
      currency: tx.currency,
      direction: income ? "income" : "spend",
      amount: toDecimal(abs(tx.amountMinor), tx.currency),
      percentile99: minor(p99),
      // An even count's median can end in half a minor unit: shown rounded half-even.
      median: minor(center),
      history: history.length,
    },
  };
};
