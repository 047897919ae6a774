import { type FeatureSettings, featureCount } from "./feature-settings.ts";
import { murmur3 } from "./murmur3.ts";
import { charWbNgrams, normalizeText, wordNgrams } from "./text-ngrams.ts";

/** What the model reads of a transaction. `amount` is in major units; only its band and sign matter. */
export type FeatureInput = { description: string; amount: number; merchant?: string | undefined };

/** A sparse feature vector, indices ascending. */
export type SparseRow = { indices: Int32Array; values: Float32Array };

/** Which strings produced each feature: the explanation's vocabulary, built from the input itself. */
export type FeatureNames = Map<number, string[]>;

/**
 * Hashes one family of n-grams: sublinear TF (1 + ln count) per distinct n-gram, signed into
 * its bucket, then the family scaled to unit L2 norm, so a long descriptor does not outweigh
 * a short one and word, character and merchant evidence each count once.
 */
const addFamily = (
  out: Map<number, number>,
  grams: string[],
  seed: number,
  buckets: number,
  label: string,
  names: FeatureNames | undefined,
): void => {
  const counts = new Map<string, number>();
  for (const g of grams) counts.set(g, (counts.get(g) ?? 0) + 1);
  const family = new Map<number, number>();
  for (const [gram, count] of counts) {
    const h = murmur3(gram, seed);
    const bucket = Math.abs(h) % buckets;
    family.set(bucket, (family.get(bucket) ?? 0) + (h < 0 ? -1 : 1) * (1 + Math.log(count)));
    if (names) names.set(bucket, [...(names.get(bucket) ?? []), `${label} "${gram}"`]);
  }
  let norm = 0;
  for (const v of family.values()) norm += v * v;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (const [bucket, v] of family) out.set(bucket, (out.get(bucket) ?? 0) + v * scale);
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
  const text = normalizeText(input.description);
  const out = new Map<number, number>();
  addFamily(out, wordNgrams(text, s.wordNgrams[0], s.wordNgrams[1]), s.wordSeed, buckets, "word", names);
  addFamily(out, charWbNgrams(text, s.charNgrams[0], s.charNgrams[1]), s.charSeed, buckets, "chars", names);
  const merchant = input.merchant === undefined ? "" : normalizeText(input.merchant);
  if (merchant !== "") addFamily(out, [merchant], s.merchantSeed, buckets, "merchant", names);

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

  const indices = Int32Array.from([...out.keys()].filter((i) => out.get(i) !== 0)).sort();
  const values = Float32Array.from(indices, (i) => out.get(i)!);
  return { indices, values };
};
