import { BucketSums } from "./bucket-sums.ts";
import { type FeatureSettings, featureCount } from "./feature-settings.ts";
import { GramCounts } from "./gram-counts.ts";
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
const addFamily = (buckets: number, label: string, names: FeatureNames | undefined): void => {
  family.clear();
  for (let e = 0; e < counts.size; e++) {
    const h = counts.hashes[e]!;
    const bucket = Math.abs(h) % buckets;
    family.add(bucket, (h < 0 ? -1 : 1) * (1 + Math.log(counts.counts[e]!)));
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

/**
 * The feature vector of one transaction. Pure and deterministic; pass `names` to learn which
 * n-grams (or amount features) each index came from.
 */
export const featurize = (input: FeatureInput, s: FeatureSettings, names?: FeatureNames): SparseRow => {
  const buckets = 2 ** s.bucketBits;
  const text = encodeText(normalizeText(input.description));
  out.clear();
  counts.reset(s.wordSeed);
  visitWordNgrams(text, s.wordNgrams[0], s.wordNgrams[1], counts.add);
  addFamily(buckets, "word", names);
  counts.reset(s.charSeed);
  visitCharWbNgrams(text, s.charNgrams[0], s.charNgrams[1], counts.add);
  addFamily(buckets, "chars", names);
  const merchant = input.merchant === undefined ? "" : normalizeText(input.merchant);
  if (merchant !== "") {
    counts.reset(s.merchantSeed);
    const key = encodeText(merchant); // padded: the key is the bytes between the two spaces
    counts.add(key.bytes, 1, key.cpStart[key.cpCount]! - 2);
    addFamily(buckets, "merchant", names);
  }

  const band = buckets + amountBand(input.amount, s.amountEdges);
  const credit = buckets + s.amountEdges.length + 1;
  const bias = featureCount(s) - 1;
  out.set(band, 1);
  names?.set(band, [amountBandName(band - buckets, s.amountEdges)]);
  if (input.amount < 0) {
    out.set(credit, 1);
    names?.set(credit, ["credit (negative amount)"]);
  }
  out.set(bias, 1);
  names?.set(bias, ["prior"]);
  return sortedRow();
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
