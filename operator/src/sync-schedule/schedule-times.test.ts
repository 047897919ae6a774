import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MAX_MISSED_RUNS, missedRuns, parseSchedule } from "./schedule-times.ts";

const cron = (schedule: string, tz?: string) => {
  const parsed = parseSchedule(schedule, tz);
  assert.ok(parsed.ok);
  return parsed.cron;
};

describe("parseSchedule", () => {
  test("reads five fields and macros in the given time zone", () => {
    assert.equal(
      cron("0 2 * * *", "Europe/Berlin").nextRun(new Date("2025-06-30T23:00:00Z"))?.toISOString(),
      "2025-07-01T00:00:00.000Z",
    );
    assert.equal(cron("@hourly").nextRun(new Date("2025-07-01T00:30:00Z"))?.toISOString(), "2025-07-01T01:00:00.000Z");
  });

  test("rejects a bad expression, a seconds field and an unknown zone with a message", () => {
    const bad = parseSchedule("61 * * * *");
    assert.ok(!bad.ok && /invalid schedule "61 \* \* \* \*"/.test(bad.message));
    assert.equal(parseSchedule("* * * * * *").ok, false);
    const zone = parseSchedule("0 2 * * *", "Mars/Olympus");
    assert.ok(!zone.ok && zone.message === 'unknown time zone "Mars/Olympus"');
  });
});

describe("missedRuns (CronJob's getMostRecentScheduleTime)", () => {
  const hourly = cron("0 * * * *");

  test("counts the start times in (since, now] and names the most recent", () => {
    const r = missedRuns(hourly, { since: new Date("2025-01-01T00:00:00Z"), now: new Date("2025-01-01T03:30:00Z") });
    assert.deepEqual(r, { mostRecent: new Date("2025-01-01T03:00:00Z"), count: 3, tooMany: false });
  });

  test("startingDeadlineSeconds only looks back that far", () => {
    const r = missedRuns(hourly, {
      since: new Date("2025-01-01T00:00:00Z"),
      now: new Date("2025-01-01T03:30:00Z"),
      startingDeadlineSeconds: 3600,
    });
    assert.equal(r.count, 1);
  });

  test("stops counting after 100 missed runs", () => {
    const r = missedRuns(cron("* * * * *"), {
      since: new Date("2025-01-01T00:00:00Z"),
      now: new Date("2025-02-01T00:00:00Z"),
    });
    assert.deepEqual([r.count, r.tooMany], [MAX_MISSED_RUNS + 1, true]);
  });

  test("nothing missed when nothing fell due", () => {
    assert.deepEqual(
      missedRuns(hourly, { since: new Date("2025-01-01T00:00:00Z"), now: new Date("2025-01-01T00:59:59Z") }),
      {
        mostRecent: null,
        count: 0,
        tooMany: false,
      },
    );
  });
});
