/**
 * A non-negative decimal bound ("10", "10.5") held exactly as digits / 10^scale, so it
 * compares exactly with an amount of any currency (no floats, no rounding).
 */
export type DecimalBound = { readonly digits: bigint; readonly scale: number };

export const toBound = (decimal: string): DecimalBound => {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return { digits: BigInt(whole + fraction), scale: fraction.length };
};

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export const compareBounds = (a: DecimalBound, b: DecimalBound): -1 | 0 | 1 => {
  const scale = Math.max(a.scale, b.scale);
  const x = a.digits * 10n ** BigInt(scale - a.scale);
  const y = b.digits * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The bound in minor units of a currency with `exponent` decimals, rounded so that an
 * integer count of minor units compares with it exactly as with the decimal itself: a
 * lower bound rounds up ("10.5" JPY: at least 11 yen), an upper bound down.
 */
export const boundInMinor = (bound: DecimalBound, exponent: number, side: "min" | "max"): bigint => {
  if (exponent >= bound.scale) return bound.digits * 10n ** BigInt(exponent - bound.scale);
  const divisor = 10n ** BigInt(bound.scale - exponent);
  const floor = bound.digits / divisor;
  return side === "max" || bound.digits % divisor === 0n ? floor : floor + 1n;
};
