import { divideRoundHalfEven } from "@fincoach/money";
import type { Rate } from "./rate.ts";

/**
 * How a debt's interest for one month is figured: `monthly` is APR/12 on the month's opening
 * balance; `daily_365` and `daily_360` compound APR/365 or APR/360 daily over the days of the
 * calendar month, as card issuers do.
 */
export const INTEREST_METHODS = ["monthly", "daily_365", "daily_360"] as const;
export type InterestMethod = (typeof INTEREST_METHODS)[number];

/**
 * One month's interest on `balanceMinor`, as an exact fraction rounded ONCE to the minor unit,
 * half to even. Daily compounding is exact too: balance × ((D·den + num)^days − (D·den)^days)
 * / (D·den)^days, integers all the way (31 days of 365·10^6 fit a bigint easily).
 */
export const monthInterest = (balanceMinor: bigint, rate: Rate, method: InterestMethod, days: number): bigint => {
  if (balanceMinor <= 0n || rate.num === 0n) return 0n;
  if (method === "monthly") return divideRoundHalfEven(balanceMinor * rate.num, rate.den * 12n);
  const { growth, start } = dailyFactor(rate, method === "daily_365" ? 365n : 360n, days);
  return divideRoundHalfEven(balanceMinor * growth, start);
};

/** (1 + r/D)^days − 1 as growth/start; a plan asks for the same few factors thousands of times. */
const factors = new Map<string, { growth: bigint; start: bigint }>();
const dailyFactor = (rate: Rate, yearDays: bigint, days: number) => {
  const key = `${rate.num}/${rate.den}/${yearDays}/${days}`;
  let f = factors.get(key);
  if (!f) {
    const base = rate.den * yearDays;
    const start = base ** BigInt(days);
    f = { growth: (base + rate.num) ** BigInt(days) - start, start };
    if (factors.size > 10_000) factors.clear(); // bounded: rates are few, but a long-lived process sees many
    factors.set(key, f);
  }
  return f;
};
