import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { copyField, copyLine } from "./copy-text.ts";

describe("COPY text format escaping", () => {
  test("tab, newline, carriage return and backslash are escaped; plain text is untouched", () => {
    assert.equal(copyField("Coffee & cake"), "Coffee & cake");
    assert.equal(copyField("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
    assert.equal(copyField("C:\\path\\N"), "C:\\\\path\\\\N");
  });

  test("null is \\N, and a literal \\N string stays distinguishable from it", () => {
    assert.equal(copyField(null), "\\N");
    assert.equal(copyField(undefined), "\\N");
    assert.equal(copyField("\\N"), "\\\\N");
  });

  test("NUL characters, which Postgres text can't hold, are dropped", () => {
    assert.equal(copyField("a\u0000b"), "ab");
  });

  test("a line joins fields with tabs and ends with a newline", () => {
    assert.equal(copyLine(["1", null, "x\ty"]), "1\t\\N\tx\\ty\n");
  });
});
