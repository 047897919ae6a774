import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultFeatureSettings, featureCount } from "./feature-settings.ts";
import { type FeatureNames, featurize, featurizeBatch, fixedFeatureName } from "./featurize.ts";
import { GramTrace } from "./gram-trace.ts";
import { birminghamRows } from "./test-support/birmingham.ts";

const s = defaultFeatureSettings;
const rows = birminghamRows().filter((_, i) => i % 5 === 0);
const awkward = [
  { description: "", amount: 0 },
  { description: "  Ünïcode   Café ☕ 𝔘 ", amount: -12.5, merchant: "Café Nero" },
  { description: "a a a a b", amount: 1e9 },
];

test("a batch is the rows featurize gives, bit for bit, packed end to end", () => {
  const inputs = [...awkward, ...rows];
  const batch = featurizeBatch(inputs, s);
  assert.equal(batch.rows, inputs.length);
  let width = 0;
  inputs.forEach((input, i) => {
    const one = featurize(input, s);
    const from = batch.rowStart[i]!;
    const to = batch.rowStart[i + 1]!;
    assert.deepEqual(batch.indices.subarray(from, to), one.indices, `row ${i}`);
    assert.deepEqual(batch.values.subarray(from, to), one.values, `row ${i}`);
    width = Math.max(width, to - from);
  });
  assert.equal(batch.width, width);
});

test("the trace names every feature of a row as featurize's names do, collisions included (16 buckets)", () => {
  const inputs = [...awkward, ...rows.slice(0, 500)];
  for (const settings of [s, { ...s, bucketBits: 4 }]) {
    const trace = new GramTrace();
    const batch = featurizeBatch(inputs, settings, trace);
    let collisions = 0;
    inputs.forEach((input, i) => {
      const names: FeatureNames = new Map();
      const one = featurize(input, settings, names);
      for (const feature of one.indices) {
        const named =
          fixedFeatureName(feature, settings) ?? trace.name(batch.traceStart[i]!, batch.traceStart[i + 1]!, feature);
        assert.equal(named, names.get(feature)!.join(" / "), `row ${i} feature ${feature}`);
        if (named?.includes(" / ")) collisions++;
      }
    });
    if (settings.bucketBits === 4) assert.ok(collisions > 1000, `${collisions}`);
  }
  assert.equal(fixedFeatureName(featureCount(s) - 1, s), "prior");
  assert.equal(fixedFeatureName(0, s), undefined);
});
