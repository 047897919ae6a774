import { featureCount } from "./feature-settings.ts";
import { type FeatureInput, type FeatureNames, featurize } from "./featurize.ts";
import { scoreRow, softmaxInPlace } from "./softmax.ts";
import type { Model } from "./train-model.ts";

export type Alternative = { category: string; probability: number };
/** The chosen category, its softmax probability, and the next three most probable. */
export type Prediction = Alternative & { alternatives: Alternative[] };

/** Calibrated class probabilities of one input (scores divided by the temperature), in `model.labels` order. */
export const probabilities = (model: Model, input: FeatureInput, names?: FeatureNames): Float64Array => {
  const row = featurize(input, model.settings, names);
  const p = new Float64Array(model.labels.length);
  scoreRow(model.weights, model.labels.length, row.indices, row.values, 0, row.indices.length, p);
  for (let k = 0; k < p.length; k++) p[k]! /= model.temperature;
  softmaxInPlace(p);
  return p;
};

/** Indices of the `n` largest values, largest first; ties go to the lower index (the earlier label). */
const topIndices = (p: Float64Array, n: number): number[] => {
  const top: number[] = [];
  for (let k = 0; k < p.length; k++) {
    let at = top.length;
    while (at > 0 && p[k]! > p[top[at - 1]!]!) at--;
    if (at < n) top.splice(at, 0, k);
    if (top.length > n) top.pop();
  }
  return top;
};

/** Scores each input: one prediction per input, same order. */
export const predict = (model: Model, inputs: readonly FeatureInput[]): Prediction[] =>
  inputs.map((input) => {
    const p = probabilities(model, input);
    const [best, ...rest] = topIndices(p, 4).map((k) => ({ category: model.labels[k]!, probability: p[k]! }));
    return { ...best!, alternatives: rest };
  });

/** One feature's weight in a choice: the n-grams (or amount feature) behind it, and x·w. */
export type Reason = { feature: string; weight: number };

/**
 * The features that weighed most for the chosen category: each active feature's value times
 * its weight for that class, largest first (the intercept left out). The n-gram text comes
 * from the input's own n-grams, hashed again here: the model keeps no vocabulary.
 */
export const explain = (model: Model, input: FeatureInput, count = 5): { category: string; reasons: Reason[] } => {
  const names: FeatureNames = new Map();
  const p = probabilities(model, input, names);
  const [chosen] = topIndices(p, 1);
  const classes = model.labels.length;
  const row = featurize(input, model.settings);
  const bias = featureCount(model.settings) - 1;
  const reasons: Reason[] = [];
  row.indices.forEach((feature, q) => {
    if (feature === bias) return;
    const weight = row.values[q]! * model.weights[feature * classes + chosen!]!;
    if (weight > 0) reasons.push({ feature: names.get(feature)!.join(" / "), weight });
  });
  reasons.sort((a, b) => b.weight - a.weight);
  return { category: model.labels[chosen!]!, reasons: reasons.slice(0, count) };
};
