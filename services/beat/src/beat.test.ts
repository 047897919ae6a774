import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseContract, ScheduleStatusReport } from "@fincoach/contracts";
import { syncJobs } from "@fincoach/db";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  TEST_REDIS_URL,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import { inArray } from "drizzle-orm";
import { Redis } from "ioredis";
import { Beat } from "./beat.ts";
import { enqueueRun } from "./enqueue-run.ts";
import { ScheduleRegistry, scheduleKey } from "./schedule-registry.ts";
import { selectConnections } from "./select-connections.ts";
import { bullJobIdOf, scheduledRunName, syncJobRowId } from "./sync-job-id.ts";
import { quietLogger, SimulatedClock, seedUser, testSchedule } from "./test-fixtures.ts";
import { TickState } from "./tick-state.ts";

const START = Date.parse("2026-01-01T00:00:10Z");
const HALF_HOUR = 30 * 60_000;
/** The i-th half-hour tick after START. */
const tickAt = (i: number) => new Date(Date.parse("2026-01-01T00:00:00Z") + i * HALF_HOUR);

let database: TestDatabase;
let testRedis: TestRedis;
const extraRedis: Redis[] = [];
const beats: Beat[] = [];
let active: string[] = [];
let mailOfA = "";
let bankOfA = "";
let mailOfB = "";

before(async () => {
  database = await createTestDatabase();
  testRedis = await createTestRedis();
  const a = await seedUser(database.db, [{ type: "imap" }, { type: "plaid" }]);
  const b = await seedUser(database.db, [{ type: "imap" }, { type: "plaid", status: "disabled" }]);
  await seedUser(database.db, [{ type: "plaid", status: "needs_attention" }]);
  [mailOfA = "", bankOfA = ""] = a.connectionIds;
  mailOfB = b.connectionIds[0] ?? "";
  active = [mailOfA, bankOfA, mailOfB];
});

after(async () => {
  await Promise.allSettled(beats.map((b) => b.close()));
  for (const r of extraRedis) r.disconnect();
  await testRedis.cleanup();
  await database.drop();
});

/** A beat replica with its own Redis connection (as another process would have). */
const replica = (registry: ScheduleRegistry, clock: SimulatedClock, owner: string) => {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  extraRedis.push(redis);
  const beat = new Beat({
    db: database.db,
    redis,
    redisPrefix: testRedis.prefix,
    registry,
    logger: quietLogger(),
    now: clock.now,
    owner,
  });
  beats.push(beat);
  return beat;
};

const registryOf = (...schedules: ReturnType<typeof testSchedule>[]) => {
  const r = new ScheduleRegistry();
  for (const s of schedules) r.put(s);
  return r;
};

const jobIdsIn = async (beat: Beat, schedule: ReturnType<typeof testSchedule>) =>
  (await beat.queueOf(schedule).getJobs(["waiting", "prioritized", "delayed", "active"])).map((j) => j.id).sort();

describe("beat", () => {
  test("two replicas over 100 ticks (one restarting half-way) enqueue every tick exactly once per active connection", async () => {
    const schedule = testSchedule();
    const clock = new SimulatedClock(new Date(START));
    let a = replica(registryOf(schedule), clock, "beat-a");
    const b = replica(registryOf(schedule), clock, "beat-b");
    await Promise.all([a.evaluate(), b.evaluate()]); // first sight: nothing owed yet
    let ran = 0;
    for (let i = 1; i <= 100; i++) {
      if (i === 50) {
        await a.close();
        a = replica(registryOf(schedule), clock, "beat-a-restarted");
      }
      // Replicas wake at slightly different times after the tick; each looks twice.
      clock.set(tickAt(i).getTime() + (i % 7) * 3000);
      const outcomes = await Promise.all([a.evaluate(), b.evaluate(), b.evaluate(), a.evaluate()]);
      const ranNow = outcomes.flatMap((m) => [...m.values()]).filter((o) => o.outcome === "ran");
      assert.equal(ranNow.length, 1, `tick ${i} ran ${ranNow.length} times`);
      ran += ranNow.length;
    }
    assert.equal(ran, 100);
    const expectedJobs = [];
    const expectedRows = [];
    for (let i = 1; i <= 100; i++) {
      const run = scheduledRunName(schedule, tickAt(i));
      for (const c of active) {
        expectedJobs.push(bullJobIdOf(run, c));
        expectedRows.push(syncJobRowId(schedule.namespace, run, c));
      }
    }
    assert.deepEqual(await jobIdsIn(b, schedule), expectedJobs.sort());
    const rows = await database.db
      .select({ id: syncJobs.id, status: syncJobs.status })
      .from(syncJobs)
      .where(inArray(syncJobs.id, expectedRows));
    assert.equal(rows.length, 300);
    assert.ok(rows.every((r) => r.status === "queued"));
  });

  test("a run enqueued again (a lease that expired mid-run) adds no job and no row", async () => {
    const schedule = testSchedule();
    const clock = new SimulatedClock(new Date(START));
    const beat = replica(registryOf(schedule), clock, "beat-a");
    const conns = await selectConnections(database.db, schedule);
    const run = scheduledRunName(schedule, tickAt(1));
    const first = await enqueueRun({
      db: database.db,
      queue: beat.queueOf(schedule),
      namespace: schedule.namespace,
      run,
      connections: conns,
    });
    const again = await enqueueRun({
      db: database.db,
      queue: beat.queueOf(schedule),
      namespace: schedule.namespace,
      run,
      connections: conns,
    });
    assert.deepEqual(again.rowIds, first.rowIds);
    assert.equal((await jobIdsIn(beat, schedule)).length, 3);
    const rows = await database.db.select({ id: syncJobs.id }).from(syncJobs).where(inArray(syncJobs.id, first.rowIds));
    assert.equal(rows.length, 3);
  });

  test("a replica that crashed mid-run (lease held, tick not recorded) is taken over once its lease expires", async () => {
    const schedule = testSchedule();
    const clock = new SimulatedClock(new Date(START));
    const survivor = replica(registryOf(schedule), clock, "beat-b");
    await survivor.evaluate();
    clock.set(tickAt(1).getTime() + 1000);
    // The crashed replica took the lease (400 ms, real time: Redis expires it) and enqueued
    // one connection's row and job before dying.
    const run = scheduledRunName(schedule, tickAt(1));
    const state = new TickState(testRedis.redis, testRedis.prefix);
    assert.equal(await state.lease(schedule.namespace, run, "beat-a", 400), true);
    const partial = (await selectConnections(database.db, schedule)).slice(0, 1);
    await enqueueRun({
      db: database.db,
      queue: survivor.queueOf(schedule),
      namespace: schedule.namespace,
      run,
      connections: partial,
    });
    assert.equal((await survivor.evaluate()).get(scheduleKey(schedule))?.outcome, "leased-by-peer");
    await eventually(
      async () => assert.equal((await survivor.evaluate()).get(scheduleKey(schedule))?.outcome, "ran"),
      10_000,
    );
    assert.deepEqual(await jobIdsIn(survivor, schedule), active.map((c) => bullJobIdOf(run, c)).sort());
    const rows = active.map((c) => syncJobRowId(schedule.namespace, run, c));
    assert.equal(
      (await database.db.select({ id: syncJobs.id }).from(syncJobs).where(inArray(syncJobs.id, rows))).length,
      3,
    );
    assert.equal((await survivor.evaluate()).get(scheduleKey(schedule))?.outcome, "nothing-due");
  });

  test("a tick missed while beat was down runs once if within startingDeadlineSeconds, and is skipped past it", async () => {
    const schedule = testSchedule({ startingDeadlineSeconds: 600 });
    const clock = new SimulatedClock(new Date(START));
    const first = replica(registryOf(schedule), clock, "beat-a");
    assert.equal((await first.evaluate()).get(scheduleKey(schedule))?.outcome, "nothing-due");
    await first.close();
    // Down over tick 1; back 5 minutes later (deadline 10 minutes).
    clock.set(tickAt(1).getTime() + 5 * 60_000);
    const restarted = replica(registryOf(schedule), clock, "beat-a-2");
    assert.deepEqual(
      [
        (await restarted.evaluate()).get(scheduleKey(schedule))?.outcome,
        (await restarted.evaluate()).get(scheduleKey(schedule))?.outcome,
      ],
      ["ran", "nothing-due"],
    );
    // Down over tick 2; back 15 minutes later: too late.
    clock.set(tickAt(2).getTime() + 15 * 60_000);
    const late = await restarted.evaluate();
    assert.equal(late.get(scheduleKey(schedule))?.outcome, "missed-deadline");
    assert.equal((await restarted.evaluate()).get(scheduleKey(schedule))?.outcome, "nothing-due");
    clock.set(tickAt(3));
    assert.equal((await restarted.evaluate()).get(scheduleKey(schedule))?.outcome, "ran");
    const ids = await jobIdsIn(restarted, schedule);
    const runsSeen = new Set(ids.map((id) => id?.slice(0, id.length - 37)));
    assert.deepEqual(
      [...runsSeen].sort(),
      [scheduledRunName(schedule, tickAt(1)), scheduledRunName(schedule, tickAt(3))].sort(),
    );
    assert.equal(ids.length, 6);
  });

  test("a suspended schedule starts no run; resumed, it runs the latest tick within its deadline once", async () => {
    const schedule = testSchedule({ suspend: true });
    const clock = new SimulatedClock(new Date(START));
    const registry = registryOf(schedule);
    const beat = replica(registry, clock, "beat-a");
    for (let i = 0; i <= 3; i++) {
      clock.set(tickAt(i).getTime() + 10_000);
      assert.equal((await beat.evaluate()).get(scheduleKey(schedule))?.outcome, "suspended");
    }
    assert.deepEqual(await jobIdsIn(beat, schedule), []);
    registry.put({ ...schedule, suspend: false, generation: 2 });
    const outcome = (await beat.evaluate()).get(scheduleKey(schedule));
    assert.equal(outcome?.outcome, "ran");
    assert.equal(outcome && "tick" in outcome ? outcome.tick.toISOString() : null, tickAt(3).toISOString());
    assert.equal((await jobIdsIn(beat, schedule)).length, 3);
  });

  test("source and userSelector choose the connections", async () => {
    const clock = new SimulatedClock(new Date(START));
    const mail = testSchedule({ name: "mail", source: "mail" });
    const bank = testSchedule({ name: "bank", source: "bank" });
    const mailOfBankUsers = testSchedule({
      name: "mail-of-bank-users",
      source: "mail",
      userSelector: { matchLabels: { "fincoach.dev/bank-connected": "true" } },
    });
    const beat = replica(registryOf(mail, bank, mailOfBankUsers), clock, "beat-a");
    await beat.evaluate();
    clock.set(tickAt(1));
    await beat.evaluate();
    const run = (s: { name: string }) => scheduledRunName(s, tickAt(1));
    assert.deepEqual(
      await jobIdsIn(beat, mail),
      [bullJobIdOf(run(mail), mailOfA), bullJobIdOf(run(mail), mailOfB)].sort(),
    );
    assert.deepEqual(await jobIdsIn(beat, bank), [bullJobIdOf(run(bank), bankOfA)]);
    assert.deepEqual(await jobIdsIn(beat, mailOfBankUsers), [bullJobIdOf(run(mailOfBankUsers), mailOfA)]);
    const [job] = await beat.queueOf(bank).getJobs(["waiting", "prioritized"]);
    assert.equal(job?.name, "sync-bank");
    assert.equal(job?.data.jobId, syncJobRowId(bank.namespace, run(bank), bankOfA));
  });

  test("Forbid skips a tick while the previous run's jobs are in the queue", async () => {
    const schedule = testSchedule({ concurrencyPolicy: "Forbid" });
    const clock = new SimulatedClock(new Date(START));
    const beat = replica(registryOf(schedule), clock, "beat-a");
    await beat.evaluate();
    const outcomeAt = async (i: number) => {
      clock.set(tickAt(i));
      return (await beat.evaluate()).get(scheduleKey(schedule))?.outcome;
    };
    assert.equal(await outcomeAt(1), "ran");
    assert.equal(await outcomeAt(2), "forbidden");
    await beat.queueOf(schedule).drain(true);
    assert.equal(await outcomeAt(3), "ran");
  });

  test("Replace removes the previous run's waiting jobs and marks their rows failed", async () => {
    const schedule = testSchedule({ concurrencyPolicy: "Replace" });
    const clock = new SimulatedClock(new Date(START));
    const beat = replica(registryOf(schedule), clock, "beat-a");
    await beat.evaluate();
    clock.set(tickAt(1));
    await beat.evaluate();
    clock.set(tickAt(2));
    await beat.evaluate();
    const run2 = scheduledRunName(schedule, tickAt(2));
    assert.deepEqual(await jobIdsIn(beat, schedule), active.map((c) => bullJobIdOf(run2, c)).sort());
    const oldRows = active.map((c) => syncJobRowId(schedule.namespace, scheduledRunName(schedule, tickAt(1)), c));
    const rows = await database.db
      .select({ status: syncJobs.status, error: syncJobs.error })
      .from(syncJobs)
      .where(inArray(syncJobs.id, oldRows));
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.status === "failed" && r.error === `replaced by the scheduled run ${run2}`));
  });

  test("status: last schedule time, queued and active, and the last successful time once every job completed", async () => {
    const schedule = testSchedule();
    const clock = new SimulatedClock(new Date(START));
    const beat = replica(registryOf(schedule), clock, "beat-a");
    const before = parseContract("status", ScheduleStatusReport, await beat.status(schedule));
    assert.equal(before.lastScheduleTime, null);
    await beat.evaluate();
    clock.set(tickAt(1).getTime() + 1000);
    await beat.evaluate();
    const report = parseContract("status", ScheduleStatusReport, await beat.status(schedule));
    assert.equal(report.lastScheduleTime, "2026-01-01T00:30:00Z");
    assert.equal(report.queued, 3);
    assert.equal(report.active, 0);
    assert.equal(report.lastSuccessfulTime, null);
    assert.equal(report.observedGeneration, 1);
    const rowIds = active.map((c) => syncJobRowId(schedule.namespace, scheduledRunName(schedule, tickAt(1)), c));
    const finishedAt = new Date("2026-01-01T00:41:07Z");
    await database.db
      .update(syncJobs)
      .set({ status: "completed", finishedAt })
      .where(inArray(syncJobs.id, rowIds.slice(0, 2)));
    assert.equal((await beat.status(schedule)).lastSuccessfulTime, null, "one job is still queued");
    await database.db.update(syncJobs).set({ status: "completed", finishedAt }).where(inArray(syncJobs.id, rowIds));
    assert.equal((await beat.status(schedule)).lastSuccessfulTime, "2026-01-01T00:41:07Z");
  });
});
