import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { retryDelayMs } from "./backoff.ts";
import { QUEUE_SETTINGS } from "./queues.ts";

test("every retry delay lies in the upper half of the capped exponential ceiling", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2000 }),
      fc.integer({ min: 1, max: 60_000 }),
      fc.integer({ min: 1, max: 3_600_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, base, capRaw, r) => {
        const cap = Math.max(base, capRaw);
        const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
        const delay = retryDelayMs(attempt, { backoffBaseMs: base, backoffCapMs: cap }, () => r);
        assert.ok(Number.isInteger(delay));
        assert.ok(delay >= Math.floor(ceiling / 2), `${delay} < half of ${ceiling}`);
        assert.ok(delay <= ceiling, `${delay} > ${ceiling}`);
      },
    ),
  );
});

test("the sync queue's delays: 2.5-5 s first, doubling, never past 10 minutes; jitter spreads them", () => {
  const s = QUEUE_SETTINGS.sync;
  assert.equal(
    retryDelayMs(1, s, () => 0),
    2_500,
  );
  assert.equal(
    retryDelayMs(1, s, () => 0.999999),
    4_999,
  );
  assert.equal(
    retryDelayMs(3, s, () => 0),
    10_000,
  );
  assert.equal(
    retryDelayMs(40, s, () => 0.999999),
    599_999,
  );
  assert.equal(
    retryDelayMs(1_000_000, s, () => 0),
    300_000,
  );
  // Fifty jobs failing together come back at many different moments.
  const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(2, s)));
  assert.ok(delays.size > 40, `only ${delays.size} distinct delays`);
});
