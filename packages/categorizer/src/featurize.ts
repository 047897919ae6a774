import { BucketSums } from "./bucket-sums.ts";
import { type FeatureSettings, featureCount } from "./feature-settings.ts";
import { GramCounts } from "./gram-counts.ts";
import type { GramTrace } from "./gram-trace.ts";
import { encodeText, normalizeText, visitCharWbNgrams, visitWordNgrams } from "./text-ngrams.ts";

/** What the model reads of a transaction. `amount` is in major units; only its band and sign matter. */
export type FeatureInput = { description: string; amount: number; merchant?: string | undefined };

/** A sparse feature vector, indices ascending. */
export type SparseRow = { indices: Int32Array; values: Float32Array };

/** Which strings produced each feature: the explanation's vocabulary, built from the input itself. */
export type FeatureNames = Map<number, string[]>;

const counts = new GramCounts();
const family = new BucketSums();
const out = new BucketSums();
const decoder = new TextDecoder();

/**
 * Hashes one family of n-grams (already counted into `counts`): sublinear TF (1 + ln count)
 * per distinct n-gram, signed into its bucket, then the family scaled to unit L2 norm, so a
 * long descriptor does not outweigh a short one and word, character and merchant evidence
 * each count once. Sums run in first-appearance order, as the string `Map`s this replaced.
 */
const addFamily = (
  buckets: number,
  label: string,
  names: FeatureNames | undefined,
  trace: GramTrace | undefined,
  familyId: number,
): void => {
  family.clear();
  for (let e = 0; e < counts.size; e++) {
    const h = counts.hashes[e]!;
    const bucket = Math.abs(h) % buckets;
    family.add(bucket, (h < 0 ? -1 : 1) * (1 + Math.log(counts.counts[e]!)));
    trace?.add(bucket, familyId, counts.arena, counts.starts[e]!, counts.lengths[e]!);
    if (names) {
      const at = counts.starts[e]!;
      const gram = decoder.decode(counts.arena.subarray(at, at + counts.lengths[e]!));
      names.set(bucket, [...(names.get(bucket) ?? []), `${label} "${gram}"`]);
    }
  }
  let norm = 0;
  for (let j = 0; j < family.size; j++) norm += family.sumAt(j) * family.sumAt(j);
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let j = 0; j < family.size; j++) out.add(family.keyAt(j), family.sumAt(j) * scale);
};

/** The band of |amount|: 0 below the first edge, edges.length at or above the last. */
export const amountBand = (amount: number, edges: readonly number[]): number => {
  const magnitude = Math.abs(amount);
  let band = 0;
  while (band < edges.length && magnitude >= edges[band]!) band++;
  return band;
};

/** A readable name for an amount band, e.g. "amount 10–30". */
export const amountBandName = (band: number, edges: readonly number[]): string =>
  band === 0
    ? `amount under ${edges[0]}`
    : band === edges.length
      ? `amount ${edges[band - 1]} or more`
      : `amount ${edges[band - 1]}–${edges[band]}`;

const CREDIT_NAME = "credit (negative amount)";
const BIAS_NAME = "prior";

/** The name of a feature after the hashed buckets (amount band, credit, intercept); undefined for a bucket. */
export const fixedFeatureName = (feature: number, s: FeatureSettings): string | undefined => {
  const buckets = 2 ** s.bucketBits;
  if (feature < buckets) return undefined;
  const band = feature - buckets;
  if (band <= s.amountEdges.length) return amountBandName(band, s.amountEdges);
  return feature === featureCount(s) - 1 ? BIAS_NAME : CREDIT_NAME;
};

/**
 * The feature vector of one transaction. Pure and deterministic; pass `names` to learn which
 * n-grams (or amount features) each index came from.
 */
export const featurize = (input: FeatureInput, s: FeatureSettings, names?: FeatureNames): SparseRow => {
  fill(input, s, names, undefined);
  return sortedRow();
};

/** Sums one row's features into `out` (in no particular order). */
const fill = (
  input: FeatureInput,
  s: FeatureSettings,
  names: FeatureNames | undefined,
  trace: GramTrace | undefined,
) => {
  const buckets = 2 ** s.bucketBits;
  const text = encodeText(normalizeText(input.description));
  out.clear();
  counts.reset(s.wordSeed);
  visitWordNgrams(text, s.wordNgrams[0], s.wordNgrams[1], counts.add);
  addFamily(buckets, "word", names, trace, 0);
  counts.reset(s.charSeed);
  visitCharWbNgrams(text, s.charNgrams[0], s.charNgrams[1], counts.add);
  addFamily(buckets, "chars", names, trace, 1);
  const merchant = input.merchant === undefined ? "" : normalizeText(input.merchant);
  if (merchant !== "") {
    counts.reset(s.merchantSeed);
    const key = encodeText(merchant); // padded: the key is the bytes between the two spaces
    counts.add(key.bytes, 1, key.cpStart[key.cpCount]! - 2);
    addFamily(buckets, "merchant", names, trace, 2);
  }

  const band = buckets + amountBand(input.amount, s.amountEdges);
  const credit = buckets + s.amountEdges.length + 1;
  const bias = featureCount(s) - 1;
  out.set(band, 1);
  names?.set(band, [amountBandName(band - buckets, s.amountEdges)]);
  if (input.amount < 0) {
    out.set(credit, 1);
    names?.set(credit, [CREDIT_NAME]);
  }
  out.set(bias, 1);
  names?.set(bias, [BIAS_NAME]);
};

/** A batch of rows as one CSR matrix, and where each row's n-grams start in `trace` (if given). */
export type FeaturizedBatch = {
  rows: number;
  /** Row i is `indices/values[rowStart[i] .. rowStart[i+1])` (CSR, as sparse-matrix.ts packs rows). */
  rowStart: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  traceStart: Int32Array;
  width: number;
};

const grownInt32 = (a: Int32Array, need: number): Int32Array => {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
};
const grownFloat32 = (a: Float32Array, need: number): Float32Array => {
  if (need <= a.length) return a;
  const b = new Float32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
};

/**
 * Featurizes a batch straight into one CSR matrix (rows as `featurize` gives them, bit for bit),
 * without an object or two typed arrays per row; `width` is the longest row. With `trace`, every
 * n-gram is recorded so chosen features can be named afterwards (`GramTrace.name`).
 */
export const featurizeBatch = (
  inputs: readonly FeatureInput[],
  s: FeatureSettings,
  trace?: GramTrace,
): FeaturizedBatch => {
  const rowStart = new Int32Array(inputs.length + 1);
  const traceStart = new Int32Array(inputs.length + 1);
  let indices: Int32Array = new Int32Array(inputs.length * 64);
  let values: Float32Array = new Float32Array(inputs.length * 64);
  let width = 0;
  for (let i = 0; i < inputs.length; i++) {
    traceStart[i] = trace?.size ?? 0;
    fill(inputs[i]!, s, undefined, trace);
    const from = rowStart[i]!;
    indices = grownInt32(indices, from + out.size);
    values = grownFloat32(values, from + out.size);
    let to = from;
    for (let j = 0; j < out.size; j++) if (out.sumAt(j) !== 0) indices[to++] = out.keyAt(j);
    indices.subarray(from, to).sort();
    for (let q = from; q < to; q++) values[q] = out.get(indices[q]!);
    rowStart[i + 1] = to;
    width = Math.max(width, to - from);
  }
  traceStart[inputs.length] = trace?.size ?? 0;
  return { rows: inputs.length, rowStart, indices, values, traceStart, width };
};

/** `out`'s non-zero features, indices ascending (a bucket can cancel to 0 by opposite signs). */
const sortedRow = (): SparseRow => {
  let nonZero = 0;
  for (let j = 0; j < out.size; j++) if (out.sumAt(j) !== 0) nonZero++;
  const indices = new Int32Array(nonZero);
  for (let j = 0, q = 0; j < out.size; j++) if (out.sumAt(j) !== 0) indices[q++] = out.keyAt(j);
  indices.sort();
  const values = new Float32Array(nonZero);
  for (let q = 0; q < nonZero; q++) values[q] = out.get(indices[q]!);
  return { indices, values };
};
