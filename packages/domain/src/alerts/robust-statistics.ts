/** Plain statistics on amounts (minor units as numbers: exact below 2^53, far above any amount). */

/**
 * A sorted copy through a Float64Array: its native numeric sort is several times faster than
 * Array#sort with a comparator. The rules judge every arrival against a year of history, so
 * the statistics below also have forms on an already sorted sample (`...OfSorted`) that
 * history.ts computes once per group and day (measured: 500 arrivals against 6,000 rows of
 * one merchant blocked the worker's event loop for 5.8 s when each rule sorted its own copy).
 */
export const sortedSample = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

/** `s` without one occurrence of `x` (s itself when x is not in it); s stays sorted. */
export const withoutOne = (s: Float64Array, x: number): Float64Array => {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= s.length || s[lo] !== x) return s;
  const out = new Float64Array(s.length - 1);
  out.set(s.subarray(0, lo));
  out.set(s.subarray(lo + 1), lo);
  return out;
};

export const medianOfSorted = (s: Float64Array): number => {
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * The k-th smallest (0-based) of |v - center| over a sorted sample, without sorting the
 * deviations: below the center they grow walking left, above it walking right, so the k-th
 * is found by merging the two walks (O(n), no allocation).
 */
const kthDeviation = (s: Float64Array, center: number, k: number): number => {
  let right = 0;
  while (right < s.length && s[right]! < center) right++;
  let left = right - 1;
  let d = 0;
  for (let i = 0; i <= k; i++) {
    const dl = left >= 0 ? center - s[left]! : Number.POSITIVE_INFINITY;
    const dr = right < s.length ? s[right]! - center : Number.POSITIVE_INFINITY;
    if (dl <= dr) {
      d = dl;
      left--;
    } else {
      d = dr;
      right++;
    }
  }
  return d;
};

/** Median absolute deviation from `center` of a sorted sample. */
export const madOfSorted = (s: Float64Array, center: number): number => {
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? kthDeviation(s, center, mid)
    : (kthDeviation(s, center, mid - 1) + kthDeviation(s, center, mid)) / 2;
};

const meanAdOfSorted = (s: Float64Array, center: number): number => {
  let sum = 0;
  for (const v of s) sum += Math.abs(v - center);
  return sum / s.length;
};

/** modifiedZScore on a sorted sample (see below). */
export const modifiedZScoreOfSorted = (x: number, s: Float64Array): number | undefined => {
  const center = medianOfSorted(s);
  const mad = madOfSorted(s, center);
  if (mad > 0) return (0.6745 * (x - center)) / mad;
  const meanAd = meanAdOfSorted(s, center);
  if (meanAd > 0) return (x - center) / (1.253314 * meanAd);
  return undefined;
};

/** The nearest-rank percentile of a sorted sample. */
export const percentileOfSorted = (s: Float64Array, p: number): number =>
  s[Math.max(Math.ceil((p / 100) * s.length), 1) - 1]!;

export const median = (values: readonly number[]): number => medianOfSorted(sortedSample(values));

/** Median absolute deviation from the median. */
export const medianAbsoluteDeviation = (values: readonly number[], center: number): number =>
  madOfSorted(sortedSample(values), center);

/**
 * Iglewicz and Hoaglin's modified z-score, 0.6745 × (x − median) / MAD; when MAD is 0 (more
 * than half the values equal the median) the mean absolute deviation stands in, scaled so it
 * estimates the same spread: (x − median) / (1.253314 × MeanAD). Undefined when both are 0:
 * every past value is the same, and no spread exists to measure against.
 */
export const modifiedZScore = (x: number, values: readonly number[]): number | undefined =>
  modifiedZScoreOfSorted(x, sortedSample(values));

/** The nearest-rank percentile (p in 0..100]: the smallest value with at least p % at or below it. */
export const nearestRankPercentile = (values: readonly number[], p: number): number =>
  percentileOfSorted(sortedSample(values), p);

/** A statistic in minor units (a median can end in .5) rounded half-even to a whole minor unit. */
export const roundMinor = (v: number): bigint => {
  const twice = BigInt(Math.round(v * 2));
  const q = twice / 2n;
  if (twice % 2n === 0n) return q;
  // Exactly half: to the even neighbour.
  const lower = twice < 0n ? q - 1n : q;
  return lower % 2n === 0n ? lower : lower + 1n;
};
