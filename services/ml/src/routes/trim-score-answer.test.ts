import assert from "node:assert/strict";
import { test } from "node:test";
import { trimConfidence, trimScores } from "./trim-score-answer.ts";

test("a trimmed confidence is the same float32, in at most 9 significant digits", () => {
  // Every exponent a softmax gives, from certainty down to the smallest normal float32.
  const samples = [1, 0, 0.9, 0.5, 1e-7, 1.1754944e-38];
  let seed = 12345;
  for (let i = 0; i < 20_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    samples.push((seed / 2 ** 31) ** (1 + (i % 12)));
  }
  for (const x of samples) {
    const p = Math.fround(x);
    const t = trimConfidence(p);
    assert.equal(Math.fround(t), p, `${p} -> ${t}`);
    const digits = String(t)
      .replace(/e.*$/, "")
      .replace(/^0\.0*|\./g, "")
      .replace(/^0+/, "");
    assert.ok(digits.length <= 9, `${p} -> ${t}`);
  }
  assert.equal(trimConfidence(Math.fround(0.7)), 0.699999988);
});

test("trimScores trims only the confidences", () => {
  const score = {
    model: "categorizer",
    version: "v1",
    scope: "shared" as const,
    labels: [
      { label: "Fuel", confidence: Math.fround(0.8) },
      { label: "Books", confidence: Math.fround(0.1) },
    ],
    explanation: [{ feature: "shell", weight: 1.23456789012345 }],
  };
  assert.deepEqual(trimScores([score]), [
    {
      ...score,
      labels: [
        { label: "Fuel", confidence: 0.800000012 },
        { label: "Books", confidence: 0.100000001 },
      ],
    },
  ]);
});
