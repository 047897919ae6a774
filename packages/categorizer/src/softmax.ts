/**
 * Class scores of one sparse row into `scores` (length = classes), with weights stored
 * feature-major (`weights[feature * classes + class]`) so each active feature's class weights
 * are one contiguous run.
 */
export const scoreRow = (
  weights: Float32Array,
  classes: number,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  from: number,
  to: number,
  scores: Float64Array,
): void => {
  scores.fill(0);
  for (let p = from; p < to; p++) {
    const base = indices[p]! * classes;
    const x = values[p]!;
    for (let k = 0; k < classes; k++) scores[k]! += x * weights[base + k]!;
  }
};

/** Turns scores into probabilities in place (max-shifted, so no exponent overflows). */
export const softmaxInPlace = (scores: Float64Array): void => {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp(scores[k]! - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k]! /= sum;
};
