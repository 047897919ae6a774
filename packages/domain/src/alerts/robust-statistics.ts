/** Plain statistics on amounts (minor units as numbers: exact below 2^53, far above any amount). */

export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Median absolute deviation from the median. */
export const medianAbsoluteDeviation = (values: readonly number[], center: number): number =>
  median(values.map((v) => Math.abs(v - center)));

/** Mean absolute deviation from `center`. */
export const meanAbsoluteDeviation = (values: readonly number[], center: number): number =>
  values.reduce((sum, v) => sum + Math.abs(v - center), 0) / values.length;

/**
 * Iglewicz and Hoaglin's modified z-score, 0.6745 × (x − median) / MAD; when MAD is 0 (more
 * than half the values equal the median) the mean absolute deviation stands in, scaled so it
 * estimates the same spread: (x − median) / (1.253314 × MeanAD). Undefined when both are 0:
 * every past value is the same, and no spread exists to measure against.
 */
export const modifiedZScore = (x: number, values: readonly number[]): number | undefined => {
  const center = median(values);
  const mad = medianAbsoluteDeviation(values, center);
  if (mad > 0) return (0.6745 * (x - center)) / mad;
  const meanAd = meanAbsoluteDeviation(values, center);
  if (meanAd > 0) return (x - center) / (1.253314 * meanAd);
  return undefined;
};

/** The nearest-rank percentile (p in 0..100]: the smallest value with at least p % at or below it. */
export const nearestRankPercentile = (values: readonly number[], p: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(Math.ceil((p / 100) * s.length), 1) - 1]!;
};

/** A statistic in minor units (a median can end in .5) rounded half-even to a whole minor unit. */
export const roundMinor = (v: number): bigint => {
  const twice = BigInt(Math.round(v * 2));
  const q = twice / 2n;
  if (twice % 2n === 0n) return q;
  // Exactly half: to the even neighbour.
  const lower = twice < 0n ? q - 1n : q;
  return lower % 2n === 0n ? lower : lower + 1n;
};
