import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  parseScheduleStatus,
  runName,
  SCHEDULE_STATUS_LABELS,
  scheduleStatusConfigMapName,
  syncQueueName,
} from "@fincoach/contracts";
import { API_VERSION as API, type SyncSchedule } from "@fincoach/crds";
import { connections, syncJobs, users } from "@fincoach/db";
import {
  createTestDatabase,
  createTestRedis,
  TEST_REDIS_URL,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import type { V1ConfigMap } from "@kubernetes/client-node";
import type { Operator } from "../src/operator.ts";
import {
  eventually,
  type OperatorCluster,
  read,
  startInProcessOperator,
  startOperatorCluster,
  testEnv,
  testSyncSchedule,
  within,
} from "./harness.ts";

/*
 * sync-schedule.test.ts plays beat by writing the status ConfigMap itself. Here the other end
 * is the real beat (services/beat/src/main.ts, its own process, kubernetes source, admin
 * kubeconfig): it reads the operator's handoff, enqueues the tick into PostgreSQL and BullMQ,
 * writes `<name>-schedule-status`, and the operator reads that back into the status.
 * Croner has five fields and beat takes no clock from outside its process, so the quickest
 * real tick is the next minute: the wait for it has a deadline of two minutes.
 */

const BEAT_MAIN = join(import.meta.dirname, "../../services/beat/src/main.ts");
const NS = "beat-real";
const NAME = "every-minute";
const TICK_DEADLINE_MS = 120_000;

describe("the operator reads the real beat's report back into SyncSchedule.status", { timeout: 400_000 }, () => {
  let cluster: OperatorCluster;
  let operator: Operator;
  let database: TestDatabase;
  let testRedis: TestRedis;
  let beat: ChildProcess | undefined;
  let beatExited: Promise<number | null> | undefined;
  let beatOutput = "";
  let userId = "";
  let activeConnection = "";
  let disabledConnection = "";

  const ss = () => read<SyncSchedule>(cluster.admin, API, "SyncSchedule", NS, NAME);

  before(async () => {
    [cluster, database, testRedis] = await Promise.all([
      startOperatorCluster(),
      createTestDatabase(),
      createTestRedis(),
    ]);
    await cluster.createNamespace(NS);
    // Beat only enqueues (the worker decrypts), so the secret columns are never read here.
    const [user] = await database.db
      .insert(users)
      .values({ email: `${randomUUID()}@example.test`, passwordHash: "x" })
      .returning({ id: users.id });
    userId = user!.id;
    const conn = (status: "active" | "disabled") => ({
      userId,
      type: "imap" as const,
      name: `${status} mailbox`,
      settings: {} as never,
      secretCiphertext: "AA==",
      secretNonce: "AA==",
      secretKeyId: "k1",
      status,
    });
    const rows = await database.db
      .insert(connections)
      .values([conn("active"), conn("disabled")])
      .returning({ id: connections.id, status: connections.status });
    activeConnection = rows.find((r) => r.status === "active")!.id;
    disabledConnection = rows.find((r) => r.status === "disabled")!.id;

    operator = await startInProcessOperator(cluster, testEnv());

    const { KUBERNETES_SERVICE_HOST: _k, ...env } = process.env;
    beat = spawn(process.execPath, [BEAT_MAIN], {
      env: {
        ...env,
        BEAT_SCHEDULES_SOURCE: "kubernetes",
        BEAT_NAMESPACE: NS,
        KUBECONFIG: cluster.cp.kubeconfigPath,
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: testRedis.prefix,
        METRICS_PORT: "0",
        HOST: "127.0.0.1",
        // Status is written after every look: looking each second gets the report out soon after the tick.
        BEAT_RECHECK_SECONDS: "1",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const log = createWriteStream(join(cluster.cp.dir, "beat.log"));
    for (const stream of [beat.stdout, beat.stderr]) {
      stream?.on("data", (d) => {
        beatOutput += d;
        log.write(d);
      });
    }
    beatExited = new Promise((resolve) => beat!.once("exit", (code) => resolve(code)));
    // main.ts logs "beat running" (with the port it bound) once the handoffs are listed.
    const port = await eventually(() => {
      const m = /"metricsPort":(\d+)[^\n]*"beat running"|"beat running"[^\n]*"metricsPort":(\d+)/.exec(beatOutput);
      if (!m) throw new Error(`beat not running yet:\n${beatOutput}`);
      return Number(m[1] ?? m[2]);
    }, 60_000);
    await eventually(async () => {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(r.status, 200, await r.text());
    }, 30_000);
  });

  after(async () => {
    if (beat && beat.exitCode === null) {
      beat.kill("SIGTERM");
      await within(beatExited!, 15_000, "beat's exit").catch(() => beat?.kill("SIGKILL"));
    }
    await operator?.stop();
    await cluster?.stop();
    await testRedis?.cleanup();
    await database?.drop();
  });

  test("a due tick: one job per active connection, the status ConfigMap, and the operator's status", async (t) => {
    const appliedAt = Date.now();
    // Forbid (the default, said here because the test relies on it): no worker consumes the
    // queue, so the first run's job stays waiting and later ticks are skipped, which keeps
    // exactly one run to check however many minutes the wait spans.
    await cluster.apply([
      testSyncSchedule(NS, NAME, { schedule: "* * * * *", timeZone: "UTC", concurrencyPolicy: "Forbid" }),
    ]);

    // Beat's tick, its report and the operator's read-back, all within the deadline.
    const status = await eventually(async () => {
      const s = await ss();
      assert.ok(s?.status?.lastScheduleTime, "no lastScheduleTime yet");
      assert.equal(s.status.queued, 1);
      return s;
    }, TICK_DEADLINE_MS).catch((e: Error) => {
      throw new Error(`${e.message}\n--- beat output ---\n${beatOutput}`);
    });
    assert.equal(beat?.exitCode, null, "beat still running");
    t.diagnostic(`apply to status read back: ${((Date.now() - appliedAt) / 1000).toFixed(1)} s`);

    const tick = new Date(status.status!.lastScheduleTime!);
    assert.equal(tick.getTime() % 60_000, 0, "a tick of `* * * * *` is on the minute");
    // Beat owes only ticks after it first saw the schedule, which was after the apply.
    assert.ok(tick.getTime() > appliedAt && tick.getTime() <= Date.now(), `tick ${tick.toISOString()}`);
    assert.equal(status.status!.active, 0);

    // The report as beat wrote it: labelled, owned by this SyncSchedule, same figures.
    const cm = await read<V1ConfigMap>(cluster.admin, "v1", "ConfigMap", NS, scheduleStatusConfigMapName(NAME));
    assert.ok(cm, "the status ConfigMap exists");
    for (const [k, v] of Object.entries(SCHEDULE_STATUS_LABELS)) assert.equal(cm.metadata?.labels?.[k], v, k);
    const owner = cm.metadata?.ownerReferences?.[0];
    assert.deepEqual([owner?.kind, owner?.name, owner?.uid], ["SyncSchedule", NAME, status.metadata.uid]);
    assert.ok(
      cm.metadata?.managedFields?.some((f) => f.manager === "fincoach-beat"),
      "applied as fincoach-beat",
    );
    const report = parseScheduleStatus(cm.data);
    assert.equal(report.uid, status.metadata.uid);
    assert.equal(new Date(report.lastScheduleTime!).getTime(), tick.getTime());
    assert.deepEqual([report.queued, report.active], [1, 0]);

    // PostgreSQL (this test's own database): exactly one queued row, for the active
    // connection (the disabled one is left out).
    const rows = await database.db.select().from(syncJobs);
    assert.equal(rows.length, 1, JSON.stringify(rows));
    const row = rows[0]!;
    assert.deepEqual(
      [row.userId, row.connectionId, row.kind, row.status],
      [userId, activeConnection, "mailbox", "queued"],
    );
    assert.notEqual(row.connectionId, disabledConnection);

    // BullMQ: the job under the deterministic id `<run>-<connection>` in the schedule's own
    // queue, pointing at that row, and the only job waiting there (prioritized: beat enqueues
    // fairly across people, @fincoach/jobs' addFairBulk).
    const queueKey = `${testRedis.prefix}bull:${syncQueueName(NS, NAME)}`;
    const jobId = `${runName(NAME, tick)}-${activeConnection}`;
    const job = await testRedis.redis.hgetall(`${queueKey}:${jobId}`);
    assert.ok(job.data, `no job ${jobId} in ${queueKey}`);
    const data = JSON.parse(job.data) as { jobId: string; connectionId: string; userId: string };
    assert.deepEqual([data.jobId, data.connectionId, data.userId], [row.id, activeConnection, userId]);
    assert.deepEqual(await testRedis.redis.zrange(`${queueKey}:prioritized`, "0", "-1"), [jobId]);
    assert.deepEqual(await testRedis.redis.lrange(`${queueKey}:wait`, 0, -1), []);
  });
});
