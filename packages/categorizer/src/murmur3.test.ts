import assert from "node:assert/strict";
import { test } from "node:test";
import { murmur3, murmur3Bytes } from "./murmur3.ts";

test("murmur3 agrees with scikit-learn's murmurhash3_32 (its own test values)", () => {
  assert.equal(murmur3("foo", 0), -156908512);
  assert.equal(murmur3("foo", 42), -1322301282);
  assert.equal(murmur3("foo", 0) >>> 0, 4138058784); // sklearn's positive=True
});

test("murmur3 matches the reference x86_32 vectors, every tail length and seed", () => {
  assert.equal(murmur3("", 0), 0);
  assert.equal(murmur3("", 1) >>> 0, 0x514e28b7);
  assert.equal(murmur3("", 0xffffffff) >>> 0, 0x81f16f39);
  assert.equal(murmur3("hello", 0) >>> 0, 0x248bfa47);
  assert.equal(murmur3("The quick brown fox jumps over the lazy dog", 0) >>> 0, 0x2e4ff723);
  const seed = 0x9747b28c;
  assert.equal(murmur3("a", seed) >>> 0, 0x7fa09ea6);
  assert.equal(murmur3("aa", seed) >>> 0, 0x5d211726);
  assert.equal(murmur3("aaa", seed) >>> 0, 0x283e0130);
  assert.equal(murmur3("aaaa", seed) >>> 0, 0x5a97808a);
  assert.equal(murmur3("Hello, world!", seed) >>> 0, 0x24884cba);
});

test("murmur3 hashes UTF-8 bytes, not UTF-16 code units", () => {
  assert.equal(murmur3("é", 0), murmur3Bytes(Uint8Array.of(0xc3, 0xa9), 2, 0));
  assert.notEqual(murmur3("é", 0), murmur3Bytes(Uint8Array.of(0xe9), 1, 0));
  assert.equal(murmur3("😀", 5), murmur3Bytes(Uint8Array.of(0xf0, 0x9f, 0x98, 0x80), 4, 5));
  const long = "ab€".repeat(400); // longer than the initial buffer: it grows
  assert.equal(murmur3(long, 3), murmur3Bytes(new TextEncoder().encode(long), Buffer.byteLength(long), 3));
});
