import { divideRoundHalfEven } from "@fincoach/money";
import { toDecimal } from "../shared/amounts.ts";
import type { Baseline } from "./analytics-views.ts";

/** The median over the previous six full periods: half a year of months, six weeks or six days. */
export const BASELINE_PERIODS = 6;

/**
 * The middle value in minor units; for an even count the mean of the two middle ones,
 * rounded half to even to a whole minor unit (the one rounding in analytics, stated in
 * docs/analytics.md).
 */
export const medianMinor = (values: readonly bigint[]): bigint | null => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : divideRoundHalfEven(s[mid - 1]! + s[mid]!, 2n);
};

/** `a / b` as a decimal string with 4 places, rounded half to even. */
const ratio4 = (a: bigint, b: bigint): string => {
  const scaled = divideRoundHalfEven(a * 10_000n, b);
  const sign = scaled < 0n ? "-" : "";
  const abs = scaled < 0n ? -scaled : scaled;
  return `${sign}${abs / 10_000n}.${String(abs % 10_000n).padStart(4, "0")}`;
};

/**
 * This period against the median of `history` (one value per earlier period, zeros
 * included). No history (the person had no transactions yet): no median, no comparison.
 */
export const baselineOf = (current: bigint, history: readonly bigint[], currency: string): Baseline => {
  const median = medianMinor(history);
  return {
    periods: history.length,
    median: median === null ? null : toDecimal(median, currency),
    current: toDecimal(current, currency),
    difference: median === null ? null : toDecimal(current - median, currency),
    ratio: median === null || median === 0n ? null : ratio4(current, median),
  };
};
