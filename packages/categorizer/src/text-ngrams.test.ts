import assert from "node:assert/strict";
import { test } from "node:test";
import { charWbNgrams, normalizeText, wordNgrams } from "./text-ngrams.ts";

test("normalizeText folds width and case and collapses whitespace, nothing else", () => {
  assert.equal(normalizeText("  SHELL\tKings  587 "), "shell kings 587");
  assert.equal(normalizeText("ＴＥＳＣＯ*stores"), "tesco*stores");
});

test("word n-grams use tokens of two or more word characters, as sklearn's token_pattern", () => {
  assert.deepEqual(wordNgrams("sq *coffee co. a 12", 1, 2), [
    "sq",
    "coffee",
    "co",
    "12",
    "sq coffee",
    "coffee co",
    "co 12",
  ]);
  assert.deepEqual(wordNgrams("x", 1, 2), []);
});

test("char_wb n-grams pad each word with spaces and stop at a word shorter than n", () => {
  assert.deepEqual(charWbNgrams("ab", 2, 5), [" a", "ab", "b ", " ab", "ab ", " ab "]);
  assert.deepEqual(charWbNgrams("abc d", 3, 3), [" ab", "abc", "bc ", " d "]);
  // Code points, not UTF-16 units: the emoji is never split.
  assert.deepEqual(charWbNgrams("😀", 2, 2), [" 😀", "😀 "]);
});
