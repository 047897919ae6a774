import assert from "node:assert/strict";
import { test } from "node:test";
import { type FeatureSettings, featureCount, defaultFeatureSettings as s } from "./feature-settings.ts";
import { amountBand, amountBandName, type FeatureInput, type FeatureNames, featurize } from "./featurize.ts";
import { murmur3 } from "./murmur3.ts";
import { birminghamRows } from "./test-support/birmingham.ts";
import { charWbNgrams, normalizeText, wordNgrams } from "./text-ngrams.ts";

// The string-and-Map featurizer that trained the first models, kept verbatim as the reference
// the byte-level one must reproduce bit for bit.
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

const referenceFeaturize = (input: FeatureInput, s: FeatureSettings, names?: FeatureNames) => {
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

test("the fast featurizer equals the reference on every row of the real file, with and without a merchant", () => {
  const rows = birminghamRows();
  assert.equal(rows.length, 25_825);
  for (const row of rows) {
    const input = { description: row.description, amount: row.amount };
    assert.deepEqual(featurize(input, s), referenceFeaturize(input, s), row.description);
  }
  // The file has no merchant column: its first word stands in for one.
  for (const row of rows.slice(0, 2_000)) {
    const input = { ...row, merchant: row.description.split(" ")[0] };
    assert.deepEqual(featurize(input, s), referenceFeaturize(input, s), row.description);
  }
});

const awkward: FeatureInput[] = [
  { description: "", amount: 0 },
  { description: "   ", amount: -3 },
  { description: "a", amount: 1 },
  { description: "x y z", amount: 2 },
  { description: "ＴＥＳＣＯ*stores  Café\u00a0naïve ß İstanbul", amount: 12.5, merchant: " Tesco " },
  { description: "😀 coffee☕ 日本語テキスト 𝒳𝒴 ab😀cd", amount: -7, merchant: "😀" },
  { description: "lone \ud800 surrogate \udc00x", amount: 5 },
  { description: "aa aa aa aa bb aa", amount: 1e9, merchant: "" },
  { description: "sq *coffee co. a 12 __ x_y 3.14", amount: 99.99 },
  { description: `${"w".repeat(2_000)} ${"ab€".repeat(500)}`, amount: 30 }, // buffers grow
  { description: Array.from({ length: 600 }, (_, i) => `word${i}`).join(" "), amount: 300 },
];

test("the fast featurizer equals the reference on awkward text, and names the same n-grams", () => {
  for (const input of awkward) {
    const names = new Map();
    const expectedNames = new Map();
    assert.deepEqual(featurize(input, s, names), referenceFeaturize(input, s, expectedNames), input.description);
    assert.deepEqual(names, expectedNames, input.description);
  }
});

test("colliding n-grams still count apart: few buckets force collisions and cancellations", () => {
  const tiny = { ...s, bucketBits: 4 };
  for (const input of [...awkward, { description: "shell kings 587 fuel station", amount: 72.61 }]) {
    assert.deepEqual(featurize(input, tiny), referenceFeaturize(input, tiny), input.description);
  }
});
