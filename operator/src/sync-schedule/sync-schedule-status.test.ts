import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ScheduleStatusReport } from "@fincoach/contracts";
import { syncSchedule } from "./sync-schedule-fixture.ts";
import { syncScheduleStatus } from "./sync-schedule-status.ts";

const now = new Date("2025-01-01T01:00:00Z");
const report = (o: Partial<ScheduleStatusReport> = {}): ScheduleStatusReport => ({
  namespace: "team-a",
  name: "nightly",
  uid: "uid-1",
  observedGeneration: 1,
  lastScheduleTime: "2025-01-01T00:30:00Z",
  lastSuccessfulTime: "2025-01-01T00:31:10.123Z",
  active: 3,
  queued: 12,
  updatedAt: "2025-01-01T00:59:00Z",
  ...o,
});
const cond = (r: ReturnType<typeof syncScheduleStatus>, type: string) =>
  r.status.conditions?.find((c) => c.type === type);

describe("syncScheduleStatus: a valid schedule", () => {
  test("nextScheduleTime in the spec's time zone; Ready and not Suspended; requeue at the next tick", () => {
    const r = syncScheduleStatus(syncSchedule({ timeZone: "America/New_York" }), {}, now);
    assert.equal(r.valid, true);
    assert.equal(r.status.nextScheduleTime, "2025-01-01T07:00:00Z");
    assert.equal(r.status.observedGeneration, 1);
    assert.deepEqual(
      r.status.conditions?.map((c) => [c.type, c.status, c.reason, c.observedGeneration, c.lastTransitionTime]),
      [
        ["Ready", "True", "Scheduled", 1, "2025-01-01T01:00:00Z"],
        ["Suspended", "False", "NotSuspended", 1, "2025-01-01T01:00:00Z"],
      ],
    );
    assert.equal(r.requeueAfterMs, 6 * 3_600_000);
    assert.deepEqual(r.events, []);
  });

  test("reads last times and counts back from beat's report", () => {
    const r = syncScheduleStatus(syncSchedule(), { report: report() }, now);
    assert.equal(r.status.lastScheduleTime, "2025-01-01T00:30:00Z");
    assert.equal(r.status.lastSuccessfulTime, "2025-01-01T00:31:10Z");
    assert.deepEqual([r.status.active, r.status.queued], [3, 12]);
  });

  test("ignores a report about another object of the same name (other uid) and keeps what it had", () => {
    const ss = { ...syncSchedule(), status: { lastScheduleTime: "2024-12-31T02:00:00Z", queued: 1 } };
    const r = syncScheduleStatus(ss, { report: report({ uid: "uid-old", queued: 99 }) }, now);
    assert.deepEqual([r.status.lastScheduleTime, r.status.queued], ["2024-12-31T02:00:00Z", 1]);
  });

  test("conditions keep lastTransitionTime while their status holds, and take the new generation", () => {
    const first = syncScheduleStatus(syncSchedule(), {}, now);
    const later = new Date(now.getTime() + 3_600_000);
    const ss = { ...syncSchedule({}, { generation: 2 }), status: first.status };
    const r = syncScheduleStatus(ss, {}, later);
    assert.equal(cond(r, "Ready")?.lastTransitionTime, "2025-01-01T01:00:00Z");
    assert.equal(cond(r, "Ready")?.observedGeneration, 2);
    assert.equal(r.status.observedGeneration, 2);
  });

  test("a report problem shows in the Ready message without making it False", () => {
    const r = syncScheduleStatus(syncSchedule(), { reportProblem: "status.json: not JSON" }, now);
    assert.equal(cond(r, "Ready")?.status, "True");
    assert.match(cond(r, "Ready")?.message ?? "", /beat's report unusable: status.json: not JSON/);
  });
});

describe("syncScheduleStatus: suspend", () => {
  test("suspend: Suspended=True, no nextScheduleTime, no requeue, an event on the transition", () => {
    const before = syncScheduleStatus(syncSchedule(), {}, now);
    const ss = { ...syncSchedule({ suspend: true }, { generation: 2 }), status: before.status };
    const r = syncScheduleStatus(ss, {}, now);
    assert.equal(cond(r, "Suspended")?.status, "True");
    assert.equal(cond(r, "Ready")?.status, "True");
    assert.equal(r.status.nextScheduleTime, undefined);
    assert.equal(r.requeueAfterMs, undefined);
    assert.deepEqual(
      r.events.map((e) => e.reason),
      ["Suspended"],
    );
    const resumed = syncScheduleStatus({ ...syncSchedule({}, { generation: 3 }), status: r.status }, {}, now);
    assert.deepEqual(
      resumed.events.map((e) => e.reason),
      ["Resumed"],
    );
    assert.equal(resumed.status.nextScheduleTime, "2025-01-01T02:00:00Z");
  });

  test("a suspended schedule is never 'too far behind'", () => {
    const ss = syncSchedule({ suspend: true, schedule: "* * * * *" });
    assert.equal(cond(syncScheduleStatus(ss, {}, new Date("2025-02-01T00:00:00Z")), "Ready")?.status, "True");
  });
});

describe("syncScheduleStatus: problems", () => {
  test("an unknown time zone: Ready=False InvalidSchedule, not valid (no children), a Warning event", () => {
    // The CRD checks only the shape of a zone name; whether it exists is the operator's call.
    const ss = { ...syncSchedule(), spec: { ...syncSchedule().spec, timeZone: "Mars/Olympus" } };
    const r = syncScheduleStatus(ss, {}, now);
    assert.equal(r.valid, false);
    assert.deepEqual([cond(r, "Ready")?.status, cond(r, "Ready")?.reason], ["False", "InvalidSchedule"]);
    assert.match(cond(r, "Ready")?.message ?? "", /Mars\/Olympus/);
    assert.equal(r.status.nextScheduleTime, undefined);
    assert.deepEqual(
      r.events.map((e) => [e.type, e.reason]),
      [["Warning", "InvalidSchedule"]],
    );
  });

  test("an expression croner cannot read is invalid too", () => {
    const ss = { ...syncSchedule(), spec: { ...syncSchedule().spec, schedule: "0 25 * * *" } };
    assert.equal(cond(syncScheduleStatus(ss, {}, now), "Ready")?.reason, "InvalidSchedule");
  });

  test("more than 100 missed ticks since beat's last run: Ready=False TooManyMissedStartTimes", () => {
    const ss = syncSchedule({ schedule: "* * * * *" });
    const late = new Date("2025-01-01T03:00:00Z");
    const r = syncScheduleStatus(ss, { report: report({ lastScheduleTime: "2025-01-01T00:00:00Z" }) }, late);
    assert.deepEqual([cond(r, "Ready")?.status, cond(r, "Ready")?.reason], ["False", "TooManyMissedStartTimes"]);
    const ok = syncScheduleStatus(ss, { report: report({ lastScheduleTime: "2025-01-01T02:59:00Z" }) }, late);
    assert.equal(cond(ok, "Ready")?.status, "True");
  });

  test("startingDeadlineSeconds bounds how far back missed ticks count", () => {
    const ss = syncSchedule({ schedule: "* * * * *", startingDeadlineSeconds: 600 });
    const r = syncScheduleStatus(ss, {}, new Date("2025-01-02T00:00:00Z"));
    assert.equal(cond(r, "Ready")?.status, "True");
  });
});
