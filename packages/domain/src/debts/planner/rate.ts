/**
 * A yearly rate as an exact fraction of 1: "22.90" (percent) is 2290/10000. Rates are never
 * floats: interest is computed on these integers and rounded once, to the minor unit.
 */
export type Rate = { readonly num: bigint; readonly den: bigint };

const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** A percentage string ("22.90", "0", "6") as an exact fraction of 1; throws RangeError on anything else. */
export const percentRate = (percent: string): Rate => {
  const m = PERCENT.exec(percent);
  if (!m) throw new RangeError(`"${percent}" is not a percentage like 22.90`);
  const [, whole = "0", frac = ""] = m;
  return { num: BigInt(whole + frac), den: 100n * 10n ** BigInt(frac.length) };
};

export const ZERO_RATE: Rate = { num: 0n, den: 1n };

/** a > b, exactly (cross-multiplied; both denominators are positive). */
export const rateAbove = (a: Rate, b: Rate): boolean => a.num * b.den > b.num * a.den;
