import assert from "node:assert/strict";
import { test } from "node:test";
import { createOpenStreams } from "./open-streams.ts";

test("a person past the cap is refused; releasing (twice is harmless) frees one slot; others are not affected", () => {
  const s = createOpenStreams(2);
  const end = () => {};
  const r1 = s.tryOpen("a", end);
  const r2 = s.tryOpen("a", end);
  assert.ok(r1 && r2);
  assert.equal(s.tryOpen("a", end), undefined);
  assert.ok(s.tryOpen("b", end), "another person has their own count");
  r1();
  r1();
  assert.equal(s.count("a"), 1);
  assert.ok(s.tryOpen("a", end));
  assert.equal(s.tryOpen("a", end), undefined);
  assert.equal(s.count(), 3);
});

test("closeAll calls every open stream's end, once each", () => {
  const s = createOpenStreams(5);
  const ended: string[] = [];
  const release = s.tryOpen("a", () => ended.push("a1"));
  s.tryOpen("a", () => ended.push("a2"));
  s.tryOpen("b", () => ended.push("b1"));
  release?.();
  s.closeAll();
  assert.deepEqual(ended.sort(), ["a2", "b1"]);
});
