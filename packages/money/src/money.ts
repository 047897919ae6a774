import { currencyExponent } from "./currency.ts";

/**
 * An exact amount: an integer count of the currency's minor units. Never a float:
 * `bigint` has no rounding and no 2^53 ceiling, so sums over millions of rows stay exact.
 */
export type Money = { readonly minor: bigint; readonly currency: string };

export const money = (minor: bigint, currency: string): Money => {
  currencyExponent(currency); // validates the code
  return { minor, currency };
};

export const zero = (currency: string): Money => money(0n, currency);

const sameCurrency = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
};

export const add = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return { minor: a.minor + b.minor, currency: a.currency };
};
export const subtract = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return { minor: a.minor - b.minor, currency: a.currency };
};
export const negate = (a: Money): Money => ({ minor: -a.minor, currency: a.currency });
export const compare = (a: Money, b: Money): -1 | 0 | 1 => {
  sameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
};
export const isZero = (a: Money): boolean => a.minor === 0n;

/** Sum of amounts in one currency; the currency is required so an empty list has one. */
export const sum = (currency: string, items: Iterable<Money>): Money => {
  let total = 0n;
  for (const m of items) {
    if (m.currency !== currency) throw new RangeError(`currency mismatch: ${currency} vs ${m.currency}`);
    total += m.minor;
  }
  return money(total, currency);
};

/** Rounds `numerator / denominator` to the nearest integer, ties to even (banker's rounding). */
export const divideRoundHalfEven = (numerator: bigint, denominator: bigint): bigint => {
  if (denominator === 0n) throw new RangeError("division by zero");
  if (denominator < 0n) return divideRoundHalfEven(-numerator, -denominator);
  const q = numerator / denominator; // truncates toward zero
  const r = numerator % denominator;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < denominator) return q;
  const away = numerator < 0n ? q - 1n : q + 1n;
  if (twice > denominator) return away;
  return q % 2n === 0n ? q : away;
};

/** Multiplies by the rational `num/den` (e.g. 3/100 for 3 %), rounding half to even. */
export const multiplyRatio = (a: Money, num: bigint, den: bigint): Money => ({
  minor: divideRoundHalfEven(a.minor * num, den),
  currency: a.currency,
});

/**
 * Splits `total` into parts proportional to `weights` that sum exactly to `total`
 * (largest-remainder method; leftover minor units go to the largest remainders first,
 * ties to the earlier part, so the result is deterministic).
 */
export const allocate = (total: Money, weights: readonly bigint[]): Money[] => {
  if (weights.length === 0) throw new RangeError("allocate needs at least one weight");
  if (weights.some((w) => w < 0n)) throw new RangeError("weights must not be negative");
  const weightSum = weights.reduce((s, w) => s + w, 0n);
  if (weightSum === 0n) throw new RangeError("weights must not all be zero");
  const sign = total.minor < 0n ? -1n : 1n;
  const abs = total.minor * sign;
  const parts = weights.map((w) => (abs * w) / weightSum);
  let left = abs - parts.reduce((s, p) => s + p, 0n);
  const order = weights
    .map((w, i) => ({ i, rem: (abs * w) % weightSum }))
    .sort((x, y) => (x.rem === y.rem ? x.i - y.i : x.rem > y.rem ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left -= 1n;
  }
  return parts.map((p) => ({ minor: p * sign, currency: total.currency }));
};
