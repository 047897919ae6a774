import assert from "node:assert/strict";
import { test } from "node:test";
import { contentHash, ExternalIds } from "./external-id.ts";

const tx = (date: string, minor: bigint, description: string) => ({
  date,
  amount: { minor, currency: "EUR" },
  description,
});

test("the content hash is 32 hex characters of sha256 and ignores case and spacing of the description", () => {
  const h = contentHash("2024-01-05", -350n, "EUR", "Coffee  Shop ");
  assert.match(h, /^[0-9a-f]{32}$/);
  assert.equal(contentHash("2024-01-05", -350n, "EUR", "coffee shop"), h);
  assert.notEqual(contentHash("2024-01-05", -351n, "EUR", "coffee shop"), h);
  assert.notEqual(contentHash("2024-01-06", -350n, "EUR", "coffee shop"), h);
  assert.notEqual(contentHash("2024-01-05", -350n, "USD", "coffee shop"), h);
});

test("identical rows in one file are counted: twins get :1 and :2", () => {
  const ids = new ExternalIds("csv");
  const coffee = tx("2024-01-05", -350n, "Coffee");
  const [a, b, c] = [ids.next(coffee), ids.next(tx("2024-01-05", -990n, "Lunch")), ids.next(coffee)];
  assert.match(a, /^[0-9a-f]{32}:1$/);
  assert.equal(c, `${a.slice(0, 32)}:2`);
  assert.match(b, /:1$/);
});

test("a native id is prefixed by format; a repeat gets :2 while the first keeps the bare id", () => {
  const ids = new ExternalIds("ofx");
  const t = tx("2024-01-05", -350n, "x");
  assert.deepEqual(
    [ids.next(t, "F1"), ids.next(t, " F2 "), ids.next(t, "F1"), ids.next(t, "F1")],
    ["ofx:F1", "ofx:F2", "ofx:F1:2", "ofx:F1:3"],
  );
});

test("a blank native id falls back to the content hash", () => {
  assert.match(new ExternalIds("ofx").next(tx("2024-01-05", 1n, "x"), "  "), /^[0-9a-f]{32}:1$/);
});

test("counting stays exact across many distinct and repeated rows, including internal key collisions", () => {
  // Rows are counted under the digest's first 7 hex digits; make sure such collisions occur here.
  const prefixes = new Set<string>();
  for (let i = 0; i < 20_000; i++) prefixes.add(contentHash("2024-01-05", BigInt(i), "EUR", "row").slice(0, 7));
  assert.ok(prefixes.size < 20_000, "expected at least one 7-digit prefix collision among 20,000 rows");
  const ids = new ExternalIds("csv");
  const seen = new Set<string>();
  for (let round = 1; round <= 3; round++) {
    for (let i = 0; i < 20_000; i++) {
      const id = ids.next(tx("2024-01-05", BigInt(i), "row"));
      assert.ok(id.endsWith(`:${round}`), id);
      seen.add(id);
    }
  }
  assert.equal(seen.size, 60_000);
});
