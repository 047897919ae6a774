import { z } from "zod";

/**
 * How a row becomes a feature vector; stored in model.json so scoring reads exactly what
 * training read. Each text family hashes with its own seed, so the same string as a word and
 * as a character n-gram lands in unrelated buckets.
 */
export const FeatureSettings = z.object({
  hash: z.literal("murmur3_x86_32"),
  /** Buckets = 2^bucketBits; bucket = |h| mod buckets, sign = h < 0 ? -1 : +1 (sklearn's alternate_sign). */
  bucketBits: z.number().int().min(4).max(24),
  wordSeed: z.number().int(),
  charSeed: z.number().int(),
  merchantSeed: z.number().int(),
  wordNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
  charNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
  /** Ascending |amount| band edges in major units: band i is [edge i-1, edge i). */
  amountEdges: z.array(z.number().positive()),
});
export type FeatureSettings = z.infer<typeof FeatureSettings>;

export const defaultFeatureSettings: FeatureSettings = {
  hash: "murmur3_x86_32",
  bucketBits: 18,
  wordSeed: 0,
  charSeed: 1,
  merchantSeed: 2,
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  // Half-decades in round figures: card spend clusters by order of magnitude (fuel, hotels, training).
  amountEdges: [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000],
};

/**
 * Features after the hashed buckets: one per amount band (edges + 1), then credit (amount < 0),
 * then a constant 1 that serves as every class's intercept.
 */
export const featureCount = (s: FeatureSettings): number => 2 ** s.bucketBits + s.amountEdges.length + 1 + 1 + 1;
