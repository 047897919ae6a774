import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ceilDiv, goalProgress, wholeMonthsBetween } from "./goal-progress.ts";

const base = { recentMinor: 0n, currency: "EUR", asOf: "2024-01-15" } as const;

describe("goal progress", () => {
  test("whole months count full calendar months only", () => {
    assert.equal(wholeMonthsBetween("2024-01-15", "2024-04-15"), 3);
    assert.equal(wholeMonthsBetween("2024-01-15", "2024-04-14"), 2);
    assert.equal(wholeMonthsBetween("2024-01-31", "2024-04-30"), 3);
    assert.equal(wholeMonthsBetween("2024-01-15", "2024-01-10"), 0);
  });

  test("ceiling division rounds up, exact quotients stay", () => {
    assert.equal(ceilDiv(100000n, 3n), 33334n);
    assert.equal(ceilDiv(99n, 3n), 33n);
    assert.equal(ceilDiv(0n, 3n), 0n);
  });

  test("1000.00 over three months asks 333.34 a month", () => {
    const p = goalProgress({ ...base, targetMinor: 100000n, savedMinor: 0n, targetDate: "2024-04-15" });
    assert.equal(p.requiredMonthlySaving, "333.34");
    assert.equal(p.remaining, "1000.00");
    assert.equal(p.percent, "0.0");
  });

  test("a past or same-month date asks for the whole remainder and is off track", () => {
    const p = goalProgress({ ...base, targetMinor: 100000n, savedMinor: 42550n, targetDate: "2023-12-31" });
    assert.equal(p.requiredMonthlySaving, "574.50");
    assert.equal(p.percent, "42.5");
    assert.equal(p.onTrack, false);
  });

  test("no date: no required saving and on track; reached: zero remaining, 100 percent", () => {
    const open = goalProgress({ ...base, targetMinor: 100000n, savedMinor: 100n, targetDate: null });
    assert.equal(open.requiredMonthlySaving, null);
    assert.equal(open.onTrack, true);
    const done = goalProgress({ ...base, targetMinor: 100000n, savedMinor: 120000n, targetDate: "2023-01-01" });
    assert.deepEqual(
      [done.remaining, done.percent, done.requiredMonthlySaving, done.onTrack],
      ["0.00", "100.0", "0.00", true],
    );
  });

  test("on track when the last three months' pace covers what is needed", () => {
    const input = { ...base, targetMinor: 100000n, savedMinor: 40000n, targetDate: "2024-07-15" }; // 600.00 over 6 months
    assert.equal(goalProgress({ ...input, recentMinor: 30000n }).onTrack, true); // 100.00 a month
    assert.equal(goalProgress({ ...input, recentMinor: 29999n }).onTrack, false);
  });

  test("negative savings count as 0 percent", () => {
    assert.equal(goalProgress({ ...base, targetMinor: 100n, savedMinor: -50n, targetDate: null }).percent, "0.0");
  });
});
