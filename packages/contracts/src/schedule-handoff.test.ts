import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  parseScheduleHandoff,
  renderScheduleHandoff,
  runName,
  SCHEDULE_HANDOFF_KEY,
  type ScheduleHandoff,
  scheduleHandoffConfigMapName,
  syncQueueName,
} from "./schedule-handoff.ts";
import { parseScheduleStatus, renderScheduleStatus, type ScheduleStatusReport } from "./schedule-status.ts";

const handoff: ScheduleHandoff = {
  namespace: "fincoach",
  name: "nightly",
  uid: "6f1c2d3e-0000-4000-8000-000000000001",
  generation: 3,
  schedule: "0 2 * * *",
  timeZone: "Europe/Berlin",
  suspend: false,
  source: "all",
  userSelector: { matchLabels: { "fincoach.dev/bank-connected": "true" } },
  startingDeadlineSeconds: 300,
  concurrencyPolicy: "Forbid",
  queue: syncQueueName("fincoach", "nightly"),
};

const report: ScheduleStatusReport = {
  namespace: "fincoach",
  name: "nightly",
  uid: handoff.uid,
  observedGeneration: 3,
  lastScheduleTime: "2025-01-31T01:00:00Z",
  lastSuccessfulTime: null,
  active: 2,
  queued: 40,
  updatedAt: "2025-01-31T01:00:05Z",
};

describe("schedule handoff", () => {
  it("round-trips through render and parse", () => {
    assert.deepEqual(parseScheduleHandoff(renderScheduleHandoff(handoff)), handoff);
    assert.equal(handoff.queue, "sync-fincoach-nightly");
  });

  it("rejects a bad cron, an unknown time zone, an unknown source and a bad policy, naming each", () => {
    const bad = {
      ...handoff,
      schedule: "61 * * * *",
      timeZone: "Mars/Olympus",
      source: "fax",
      concurrencyPolicy: "Never",
    };
    assert.throws(
      () => renderScheduleHandoff(bad as unknown as ScheduleHandoff),
      (e: Error) => ["schedule", "timeZone", "source", "concurrencyPolicy"].every((f) => e.message.includes(`${f}:`)),
    );
  });

  it("rejects a broken selector and a missing key", () => {
    const bad = { ...handoff, userSelector: { matchExpressions: [{ key: "plan", operator: "In" }] } };
    assert.throws(() => renderScheduleHandoff(bad as ScheduleHandoff), /userSelector\.matchExpressions\.0\.values/);
    assert.throws(() => parseScheduleHandoff({}), new RegExp(`${SCHEDULE_HANDOFF_KEY}: missing key`));
  });

  it("derives bounded names: ConfigMap <= 253, queue <= 63 chars, distinct for distinct long names", () => {
    const long = "a".repeat(250);
    assert.equal(scheduleHandoffConfigMapName("nightly"), "nightly-schedule");
    assert.ok(scheduleHandoffConfigMapName(long).length <= 253);
    const q1 = syncQueueName("fincoach", `${"b".repeat(70)}1`);
    const q2 = syncQueueName("fincoach", `${"b".repeat(70)}2`);
    assert.ok(q1.length <= 63 && q2.length <= 63 && q1 !== q2);
    assert.match(q1, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe("schedule status report", () => {
  it("round-trips through render and parse", () => {
    assert.deepEqual(parseScheduleStatus(renderScheduleStatus(report)), report);
  });

  it("rejects negative counts and a timestamp without a zone", () => {
    const bad = { ...report, queued: -1, lastScheduleTime: "2025-01-31 01:00" };
    assert.throws(() => renderScheduleStatus(bad), /queued:.*|lastScheduleTime:/);
    assert.throws(() => renderScheduleStatus(bad), /lastScheduleTime:/);
  });
});

it("runName is <name>-<scheduled unix minutes>, like CronJob's Jobs", () => {
  assert.equal(runName("nightly", new Date("2025-01-01T02:00:00Z")), `nightly-${Date.UTC(2025, 0, 1, 2) / 60_000}`);
  assert.equal(
    runName("nightly", new Date("2025-01-01T02:00:59Z")),
    runName("nightly", new Date("2025-01-01T02:00:00Z")),
  );
});
