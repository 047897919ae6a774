import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { periodContaining, previousPeriod } from "./budget-period.ts";
import { addMonths } from "./calendar-date.ts";

describe("budget periods", () => {
  test("weekly periods are ISO weeks starting Monday", () => {
    // 2024-03-13 is a Wednesday; 2024-03-17 a Sunday; 2024-03-18 a Monday.
    assert.deepEqual(periodContaining("weekly", "2024-03-13"), { start: "2024-03-11", end: "2024-03-17" });
    assert.deepEqual(periodContaining("weekly", "2024-03-17"), { start: "2024-03-11", end: "2024-03-17" });
    assert.deepEqual(periodContaining("weekly", "2024-03-18"), { start: "2024-03-18", end: "2024-03-24" });
    // Across a year end: 2025-01-01 is a Wednesday in the week starting Monday 2024-12-30.
    assert.deepEqual(periodContaining("weekly", "2025-01-01"), { start: "2024-12-30", end: "2025-01-05" });
  });

  test("monthly periods are calendar months, leap years included", () => {
    assert.deepEqual(periodContaining("monthly", "2024-02-10"), { start: "2024-02-01", end: "2024-02-29" });
    assert.deepEqual(periodContaining("monthly", "2023-02-10"), { start: "2023-02-01", end: "2023-02-28" });
    assert.deepEqual(periodContaining("monthly", "2024-12-31"), { start: "2024-12-01", end: "2024-12-31" });
  });

  test("yearly periods are calendar years", () => {
    assert.deepEqual(periodContaining("yearly", "2024-07-04"), { start: "2024-01-01", end: "2024-12-31" });
  });

  test("the previous period is the one just before", () => {
    assert.deepEqual(previousPeriod("monthly", periodContaining("monthly", "2024-03-15")), {
      start: "2024-02-01",
      end: "2024-02-29",
    });
    assert.deepEqual(previousPeriod("weekly", periodContaining("weekly", "2024-03-13")), {
      start: "2024-03-04",
      end: "2024-03-10",
    });
    assert.deepEqual(previousPeriod("yearly", periodContaining("yearly", "2024-01-01")), {
      start: "2023-01-01",
      end: "2023-12-31",
    });
  });

  test("adding months clamps the day to the month's length", () => {
    assert.equal(addMonths("2024-01-31", 1), "2024-02-29");
    assert.equal(addMonths("2024-03-31", -3), "2023-12-31");
    assert.equal(addMonths("2024-05-15", -5), "2023-12-15");
  });
});
