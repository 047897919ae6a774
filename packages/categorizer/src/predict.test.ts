import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultFeatureSettings } from "./feature-settings.ts";
import { explain, predict } from "./predict.ts";
import { trainModel } from "./train-model.ts";

const rows = [
  ...["shell kings", "shell fiveways", "esso harborne", "bp selly oak"].map((d) => ({
    description: d,
    amount: 60,
    category: "Fuel",
  })),
  ...["tesco stores", "tesco express", "asda superstore", "aldi stores"].map((d) => ({
    description: d,
    amount: 12,
    category: "Food",
  })),
  ...["travelodge hotel", "premier inn", "hilton hotel"].map((d) => ({
    description: d,
    amount: 95,
    category: "Hotels",
  })),
  ...["amazon uk", "amazon marketplace"].map((d) => ({ description: d, amount: 25, category: "Books" })),
  ...["ryman stationery", "staples office"].map((d) => ({ description: d, amount: 8, category: "Stationery" })),
];
// Small buckets keep the model small; collisions do not matter for these few n-grams.
const settings = { ...defaultFeatureSettings, bucketBits: 12, amountEdges: [1, 10, 100] };
const model = trainModel(rows, { epochs: 30, learningRate: 0.5 }, settings);

test("predict returns, per row in order, the top category, its probability and three alternatives", () => {
  const [fuel, hotel] = predict(model, [
    { description: "shell quinton", amount: 55 },
    { description: "travelodge birmingham", amount: 80 },
  ]);
  assert.equal(fuel!.category, "Fuel");
  assert.equal(hotel!.category, "Hotels");
  for (const p of [fuel!, hotel!]) {
    assert.equal(p.alternatives.length, 3);
    const chain = [p.probability, ...p.alternatives.map((a) => a.probability)];
    assert.deepEqual(
      chain,
      [...chain].sort((a, b) => b - a),
    );
    assert.ok(chain.reduce((a, b) => a + b) <= 1 + 1e-9);
    assert.ok(!p.alternatives.some((a) => a.category === p.category));
  }
});

test("explain names the input's own n-grams that weighed most for the chosen category", () => {
  const { category, reasons } = explain(model, { description: "tesco metro", amount: 9 }, 3);
  assert.equal(category, "Food");
  assert.equal(reasons.length, 3);
  assert.match(reasons[0]!.feature, /tesco|tes|esc|sco/);
  assert.ok(reasons.every((r) => r.weight > 0));
  assert.deepEqual(
    reasons.map((r) => r.weight),
    reasons.map((r) => r.weight).sort((a, b) => b - a),
  );
});

test("the amount band can be the reason", () => {
  const { reasons } = explain(model, { description: "", amount: 70 }, 5);
  assert.ok(reasons.some((r) => r.feature === "amount 10–100"));
});
