import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AppError } from "@fincoach/errors";
import { MAX_PERIODS, resolveRange } from "./analytics-query.ts";

// 07:30 UTC on 1 February 2024 is 23:30 on 31 January in Los Angeles.
const NOW = new Date("2024-02-01T07:30:00Z");

describe("resolveRange", () => {
  test("today, and so the current period, is taken in the person's time zone", () => {
    const la = resolveRange({ timeZone: "America/Los_Angeles" }, NOW);
    assert.equal(la.to, "2024-01-31");
    assert.deepEqual(la.periods.at(-1), { start: "2024-01-01", end: "2024-01-31" });
    const utc = resolveRange({}, NOW);
    assert.equal(utc.to, "2024-02-01");
    assert.deepEqual(utc.periods.at(-1), { start: "2024-02-01", end: "2024-02-01" });
  });

  test("without from: twelve periods ending with the one holding to", () => {
    const r = resolveRange({ to: "2024-03-15" });
    assert.equal(r.from, "2023-04-01");
    assert.equal(r.periods.length, 12);
    assert.deepEqual(r.periods[0], { start: "2023-04-01", end: "2023-04-30" });
    assert.deepEqual(r.periods.at(-1), { start: "2024-03-01", end: "2024-03-15" });
  });

  test("ISO weeks run Monday to Sunday, across a year's end", () => {
    // 2024-12-30 is a Monday (ISO week 2025-W01); 2024-12-29 a Sunday.
    const r = resolveRange({ from: "2024-12-25", to: "2025-01-06", interval: "week" });
    assert.deepEqual(r.periods, [
      { start: "2024-12-25", end: "2024-12-29" },
      { start: "2024-12-30", end: "2025-01-05" },
      { start: "2025-01-06", end: "2025-01-06" },
    ]);
  });

  test("months end on their last day, leap years included", () => {
    const r = resolveRange({ from: "2024-01-31", to: "2024-03-01" });
    assert.deepEqual(r.periods, [
      { start: "2024-01-31", end: "2024-01-31" },
      { start: "2024-02-01", end: "2024-02-29" },
      { start: "2024-03-01", end: "2024-03-01" },
    ]);
  });

  test(`exactly ${MAX_PERIODS} periods are allowed, one more is a VALIDATION error`, () => {
    assert.equal(resolveRange({ from: "2020-01-01", to: "2022-09-26", interval: "day" }).periods.length, MAX_PERIODS);
    assert.throws(
      () => resolveRange({ from: "2020-01-01", to: "2022-09-27", interval: "day" }),
      (e) => e instanceof AppError && e.code === "VALIDATION" && /more than 1000 day periods/.test(e.message),
    );
  });

  test("bad input is a VALIDATION error, not a crash", () => {
    for (const input of [{ interval: "year" }, { timeZone: "Nowhere/Land" }, { from: "2024-13-01" }, { extra: 1 }]) {
      assert.throws(
        () => resolveRange(input as never),
        (e) => e instanceof AppError && e.code === "VALIDATION",
      );
    }
  });
});
