import { divideRoundHalfEven } from "@fincoach/money";

/** A share of the period's spending expected by today, as an exact fraction (0..1). */
export type Share = { num: bigint; den: bigint };

/** Where spending stands against one pace, in minor units (rounded half-even) and days. */
export type PaceFigures = {
  /** available × share: what should have been spent by the end of today. */
  paceMinor: bigint;
  /**
   * (pace − spent) converted into days at the pace's own average daily rate so far
   * (pace / elapsed days): elapsed × (pace − spent) / pace, exact share, rounded half-even to
   * one decimal. Positive: under pace by that many days of expected spending; negative: over.
   * Null when the pace is zero (nothing was expected yet, so there is no rate to convert by).
   */
  daysAhead: number | null;
  /** spent / share: the period's spending if the rest of it follows the same pace. */
  projectedMinor: bigint;
};

/**
 * The pace figures for `spent` after `elapsed` days of the period, given the share of the
 * period's spending expected by then. A zero share cannot project (spent / 0), so the
 * projection falls back to the linear share elapsed / days, which is never zero.
 */
export const paceFigures = (p: {
  availableMinor: bigint;
  spentMinor: bigint;
  share: Share;
  elapsed: number;
  days: number;
}): PaceFigures => {
  const { availableMinor: available, spentMinor: spent, share } = p;
  const elapsed = BigInt(p.elapsed);
  const paceMinor = divideRoundHalfEven(available * share.num, share.den);
  // pace_exact = available × num / den, so elapsed × (pace − spent) / pace
  //            = elapsed × (available × num − spent × den) / (available × num).
  const expected = available * share.num;
  const daysAhead =
    expected === 0n ? null : Number(divideRoundHalfEven(10n * elapsed * (expected - spent * share.den), expected)) / 10;
  const projectShare = share.num === 0n ? { num: elapsed, den: BigInt(p.days) } : share;
  const projectedMinor =
    projectShare.num === 0n ? spent : divideRoundHalfEven(spent * projectShare.den, projectShare.num);
  return { paceMinor, daysAhead, projectedMinor };
};

/** The mean of fractions, exactly (denominators > 0). */
export const meanShare = (shares: readonly Share[]): Share => {
  const den = shares.reduce((d, s) => d * s.den, 1n);
  const num = shares.reduce((n, s) => n + (s.num * den) / s.den, 0n);
  return { num, den: den * BigInt(shares.length) };
};

/** A share as a decimal string with four places (rounded half-even), for people to read. */
export const shareText = (s: Share): string => {
  const tenThousandths = divideRoundHalfEven(s.num * 10_000n, s.den);
  const whole = tenThousandths / 10_000n;
  return `${whole}.${String(tenThousandths % 10_000n).padStart(4, "0")}`;
};
