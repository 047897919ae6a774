import assert from "node:assert/strict";
import { test } from "node:test";
import { dueTick, nextTick, scheduleCron } from "./due-tick.ts";
import { syncJobRowId } from "./sync-job-id.ts";

const at = (iso: string) => new Date(iso);

test("the latest tick in (since, now] is due, once; none before the first", () => {
  const cron = scheduleCron({ schedule: "*/30 * * * *", timeZone: "UTC" });
  const since = at("2026-01-01T00:00:10Z");
  assert.deepEqual(dueTick(cron, { since, now: at("2026-01-01T00:29:59Z"), startingDeadlineSeconds: null }), {
    run: null,
    missed: null,
  });
  // A tick exactly at now is due.
  assert.deepEqual(
    dueTick(cron, { since, now: at("2026-01-01T00:30:00Z"), startingDeadlineSeconds: 0 }).run,
    at("2026-01-01T00:30:00Z"),
  );
  // Three ticks missed: only the latest runs (CronJob does not catch up one by one).
  assert.deepEqual(
    dueTick(cron, { since, now: at("2026-01-01T01:31:00Z"), startingDeadlineSeconds: null }).run,
    at("2026-01-01T01:30:00Z"),
  );
  // Already handled.
  assert.deepEqual(
    dueTick(cron, { since: at("2026-01-01T01:30:00Z"), now: at("2026-01-01T01:31:00Z"), startingDeadlineSeconds: null })
      .run,
    null,
  );
});

test("past startingDeadlineSeconds the tick is reported missed, not run", () => {
  const cron = scheduleCron({ schedule: "*/30 * * * *", timeZone: "UTC" });
  const since = at("2026-01-01T00:00:10Z");
  assert.deepEqual(dueTick(cron, { since, now: at("2026-01-01T00:40:00Z"), startingDeadlineSeconds: 600 }), {
    run: at("2026-01-01T00:30:00Z"),
    missed: null,
  });
  assert.deepEqual(dueTick(cron, { since, now: at("2026-01-01T00:40:01Z"), startingDeadlineSeconds: 600 }), {
    run: null,
    missed: at("2026-01-01T00:30:00Z"),
  });
});

test("ticks follow the schedule's time zone, across a daylight-saving change", () => {
  const cron = scheduleCron({ schedule: "0 2 * * *", timeZone: "Europe/Berlin" });
  assert.deepEqual(nextTick(cron, at("2026-01-10T12:00:00Z")), at("2026-01-11T01:00:00Z")); // CET, UTC+1
  assert.deepEqual(nextTick(cron, at("2026-07-10T12:00:00Z")), at("2026-07-11T00:00:00Z")); // CEST, UTC+2
});

test("row ids are UUID v5, stable, and differ by namespace, run and connection", () => {
  const id = syncJobRowId("fincoach", "nightly-29433600", "5d7f1c9e-0a1b-4c2d-8e3f-112233445566");
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(syncJobRowId("fincoach", "nightly-29433600", "5d7f1c9e-0a1b-4c2d-8e3f-112233445566"), id);
  const others = [
    syncJobRowId("other", "nightly-29433600", "5d7f1c9e-0a1b-4c2d-8e3f-112233445566"),
    syncJobRowId("fincoach", "nightly-29433630", "5d7f1c9e-0a1b-4c2d-8e3f-112233445566"),
    syncJobRowId("fincoach", "nightly-29433600", "5d7f1c9e-0a1b-4c2d-8e3f-112233445567"),
  ];
  assert.equal(new Set([id, ...others]).size, 4);
});
