import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DelayHeap } from "./delay-heap.ts";

test("pops keys in due order, each once at its latest time, whatever the order of sets", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1_000 }))), (sets) => {
      const heap = new DelayHeap<number>();
      const expected = new Map<number, number>();
      for (const [key, at] of sets) {
        heap.set(key, at);
        expected.set(key, at);
      }
      assert.equal(heap.size, expected.size);
      const half = heap.popDue(500);
      const rest = heap.popDue(Number.POSITIVE_INFINITY);
      const byTime = [...expected].sort((a, b) => a[1] - b[1]);
      assert.deepEqual(
        half.map((k) => expected.get(k)),
        byTime.filter(([, at]) => at <= 500).map(([, at]) => at),
      );
      assert.deepEqual(new Set([...half, ...rest]), new Set(expected.keys()));
      assert.equal(heap.size, 0);
      assert.equal(heap.peekAt(), undefined);
    }),
  );
});
