/**
 * Temperature scaling (Guo et al., 2017): one scalar T that divides every class score before the
 * softmax, chosen to minimise the held-out negative log-likelihood. It changes no ranking (the pick
 * and the most-confident-N % order stay), only how much the probabilities claim, so a confidence
 * threshold means what it says.
 */

/** T is searched in [1/20, 20]: beyond that a held-out slice is telling us nothing reliable. */
const LOG_T_RANGE: [number, number] = [Math.log(0.05), Math.log(20)];
const ITERATIONS = 60;

/** Mean −log softmax(scores / T)[label] over rows of `scores` (row-major, `classes` per row). */
export const meanNll = (scores: Float64Array, labels: Int32Array, classes: number, temperature: number): number => {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const from = i * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) max = Math.max(max, scores[from + k]! / temperature);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(scores[from + k]! / temperature - max);
    total += Math.log(sum) + max - scores[from + labels[i]!]! / temperature;
  }
  return labels.length === 0 ? 0 : total / labels.length;
};

/**
 * The temperature minimising `meanNll`, by golden-section search over log T (the NLL is convex in
 * 1/T, so unimodal in log T). Deterministic: a fixed number of steps, no randomness.
 */
export const fitTemperature = (scores: Float64Array, labels: Int32Array, classes: number): number => {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [lo, hi] = LOG_T_RANGE;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = meanNll(scores, labels, classes, Math.exp(a));
  let fb = meanNll(scores, labels, classes, Math.exp(b));
  for (let i = 0; i < ITERATIONS; i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = meanNll(scores, labels, classes, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = meanNll(scores, labels, classes, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
};
