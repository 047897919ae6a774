import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fitText } from "./fit-text.ts";

describe("fitText", () => {
  test("short text passes, NULs and whitespace runs cleaned", () => {
    assert.deepEqual(fitText("REWE  Markt\u0000 ", 500), { text: "REWE Markt", cut: false });
    assert.deepEqual(fitText("Coffee", 6), { text: "Coffee", cut: false });
  });

  test("long text is cut to the limit with an ellipsis", () => {
    const out = fitText("x".repeat(1_000_000), 500);
    assert.equal(out.cut, true);
    assert.equal(Array.from(out.text).length, 500);
    assert.ok(out.text.endsWith("…"));
  });

  test("a cut never splits a surrogate pair; the limit counts characters, not UTF-16 units", () => {
    const emoji = "💶".repeat(10); // 10 characters, 20 UTF-16 units
    assert.deepEqual(fitText(emoji, 10), { text: emoji, cut: false });
    const out = fitText(emoji, 5);
    assert.equal(out.text, `${"💶".repeat(4)}…`);
    assert.ok(out.text.isWellFormed());
  });
});
