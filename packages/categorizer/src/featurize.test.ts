import assert from "node:assert/strict";
import { test } from "node:test";
import { featureCount, defaultFeatureSettings as s } from "./feature-settings.ts";
import { amountBand, type FeatureNames, featurize } from "./featurize.ts";
import { murmur3 } from "./murmur3.ts";

const buckets = 2 ** s.bucketBits;
const valueAt = (row: ReturnType<typeof featurize>, index: number): number | undefined => {
  const at = row.indices.indexOf(index);
  return at === -1 ? undefined : row.values[at];
};
const bucketOf = (gram: string, seed: number) => Math.abs(murmur3(gram, seed)) % buckets;
const signOf = (gram: string, seed: number) => (murmur3(gram, seed) < 0 ? -1 : 1);

test("the same input gives the same vector; case and spacing do not matter", () => {
  const a = featurize({ description: "SHELL  Kings 587", amount: 72.61 }, s);
  const b = featurize({ description: "shell kings 587", amount: 72.61 }, s);
  assert.deepEqual(a, b);
  assert.deepEqual(
    [...a.indices],
    [...a.indices].sort((x, y) => x - y),
  ); // ascending
});

test("word n-grams: sublinear TF, signed buckets, unit L2 norm per family", () => {
  // "aa aa": unigram "aa" twice (1 + ln 2), bigram "aa aa" once (1).
  const row = featurize({ description: "aa aa", amount: 5 }, s);
  const tf = 1 + Math.log(2);
  const norm = Math.hypot(tf, 1);
  assert.ok(Math.abs(valueAt(row, bucketOf("aa", s.wordSeed))! - (signOf("aa", s.wordSeed) * tf) / norm) < 1e-6);
  assert.ok(Math.abs(valueAt(row, bucketOf("aa aa", s.wordSeed))! - signOf("aa aa", s.wordSeed) / norm) < 1e-6);
  // The character family ("aa" → " a", "aa", "a ", " aa", "aa ", " aa ") has norm 1 too.
  const chars = [" a", "aa", "a ", " aa", "aa ", " aa "].map((g) => valueAt(row, bucketOf(g, s.charSeed))!);
  assert.ok(Math.abs(Math.hypot(...chars) - 1) < 1e-6);
});

test("amount features: one band by magnitude, credit for a negative amount, and the intercept", () => {
  assert.deepEqual(
    [0, 0.99, 1, 2.99, 3, 29.99, 30, 99_999, 100_000, 1e9, -45].map((a) => amountBand(a, s.amountEdges)),
    [0, 0, 1, 1, 2, 3, 4, 10, 11, 11, 4],
  );
  const debit = featurize({ description: "", amount: 45 }, s);
  const credit = featurize({ description: "", amount: -45 }, s);
  const bias = featureCount(s) - 1;
  assert.deepEqual([...debit.indices], [buckets + 4, bias]);
  assert.deepEqual([...credit.indices], [buckets + 4, buckets + s.amountEdges.length + 1, bias]);
  assert.deepEqual([...credit.values], [1, 1, 1]);
});

test("a merchant key adds its own feature; names say which n-grams made each index", () => {
  const names: FeatureNames = new Map();
  const without = featurize({ description: "tesco", amount: 3 }, s);
  const withKey = featurize({ description: "tesco", amount: 3, merchant: "Tesco" }, s, names);
  assert.equal(withKey.indices.length, without.indices.length + 1);
  assert.equal(valueAt(withKey, bucketOf("tesco", s.merchantSeed)), signOf("tesco", s.merchantSeed));
  assert.ok(names.get(bucketOf("tesco", s.wordSeed))!.includes('word "tesco"'));
  assert.ok(names.get(bucketOf(" te", s.charSeed))!.includes('chars " te"'));
  assert.deepEqual(names.get(buckets + 2), ["amount 3–10"]);
});
