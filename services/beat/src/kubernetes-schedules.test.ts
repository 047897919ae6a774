import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  parseScheduleStatus,
  renderScheduleHandoff,
  SCHEDULE_HANDOFF_LABELS,
  type ScheduleHandoff,
  scheduleHandoffConfigMapName,
  scheduleStatusConfigMapName,
} from "@fincoach/contracts";
import { KubeConnection, KubeObjectApi, type V1ConfigMap } from "@fincoach/kube";
import {
  type ControlPlane,
  createTestDatabase,
  createTestRedis,
  eventually,
  startControlPlane,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import { Beat } from "./beat.ts";
import { watchScheduleHandoffs } from "./kubernetes-schedules.ts";
import { ScheduleRegistry } from "./schedule-registry.ts";
import { createStatusWriter, writeStatusConfigMap } from "./status-configmap.ts";
import { quietLogger, SimulatedClock, seedUser, testSchedule } from "./test-fixtures.ts";

const NS = "fincoach";
const tickAt = (i: number) => new Date(Date.parse("2026-01-01T00:00:00Z") + i * 30 * 60_000);

describe("beat against a real apiserver", { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let api: KubeObjectApi;
  let database: TestDatabase;
  let testRedis: TestRedis;
  let beat: Beat;
  let informer: ReturnType<typeof watchScheduleHandoffs>;
  const registry = new ScheduleRegistry();
  const clock = new SimulatedClock(new Date("2026-01-01T00:00:10Z"));
  const schedule: ScheduleHandoff = { ...testSchedule(), namespace: NS, name: "nightly" };

  const handoff = (s: ScheduleHandoff, data?: Record<string, string>): V1ConfigMap => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: scheduleHandoffConfigMapName(s.name), namespace: NS, labels: { ...SCHEDULE_HANDOFF_LABELS } },
    data: data ?? renderScheduleHandoff(s),
  });
  const readStatus = async () => {
    const cm = await api.read<V1ConfigMap>({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: scheduleStatusConfigMapName(schedule.name), namespace: NS },
    });
    return { cm, report: parseScheduleStatus(cm.data) };
  };

  before(async () => {
    [cp, database, testRedis] = await Promise.all([startControlPlane(), createTestDatabase(), createTestRedis()]);
    await seedUser(database.db, [{ type: "imap" }, { type: "plaid" }]);
    api = KubeObjectApi.fromFile(cp.kubeconfigPath);
    await api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
    await api.create(handoff(schedule));
    // Not a handoff (no label): never read.
    await api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "other", namespace: NS }, data: {} });
    informer = watchScheduleHandoffs({
      connection: KubeConnection.fromFile(cp.kubeconfigPath),
      registry,
      logger: quietLogger(),
    });
    await informer.start();
    await informer.waitForSync(30_000);
    beat = new Beat({
      db: database.db,
      redis: testRedis.redis,
      redisPrefix: testRedis.prefix,
      registry,
      logger: quietLogger(),
      now: clock.now,
      onStatus: (s, report) => writeStatusConfigMap(api, s, report),
    });
    beat.start(100);
  });

  after(async () => {
    await beat?.close();
    await informer?.stop();
    await testRedis?.cleanup();
    await database?.drop();
    await cp?.stop();
  });

  test("a handoff listed at start is run, and its status ConfigMap parses and is owned by the SyncSchedule", async () => {
    assert.deepEqual(
      registry.list().map((s) => `${s.namespace}/${s.name}`),
      [`${NS}/nightly`],
    );
    await eventually(async () => assert.equal((await readStatus()).report.uid, schedule.uid), 30_000);
    const { cm, report } = await readStatus();
    assert.equal(report.lastScheduleTime, null);
    assert.equal(report.observedGeneration, 1);
    assert.equal(cm.metadata?.labels?.["fincoach.dev/handoff"], "sync-status");
    assert.deepEqual(
      cm.metadata?.ownerReferences?.map((r) => [r.kind, r.name, r.uid]),
      [["SyncSchedule", "nightly", schedule.uid]],
    );
    clock.set(tickAt(1).getTime() + 1000);
    await eventually(async () => {
      const { report: r } = await readStatus();
      assert.equal(r.lastScheduleTime, "2026-01-01T00:30:00Z");
      assert.equal(r.queued, 2);
    }, 30_000);
  });

  test("an updated handoff takes effect while running: suspended, no run at the next tick", async () => {
    await api.patch(handoff({ ...schedule, suspend: true, generation: 2 }), { fieldManager: "test", force: true });
    await eventually(() => assert.equal(registry.get(`${NS}/nightly`)?.suspend, true), 30_000);
    await eventually(async () => assert.equal((await readStatus()).report.observedGeneration, 2), 30_000);
    clock.set(tickAt(2).getTime() + 1000);
    await eventually(async () => assert.equal((await readStatus()).report.updatedAt, "2026-01-01T01:00:01Z"), 30_000);
    assert.equal((await readStatus()).report.lastScheduleTime, "2026-01-01T00:30:00Z");
    const counts = await beat.queueOf(schedule).getJobCounts("waiting", "prioritized");
    assert.equal((counts.waiting ?? 0) + (counts.prioritized ?? 0), 2);
  });

  test("a handoff that breaks its contract stops its schedule; a deleted one is dropped", async () => {
    await api.patch(handoff(schedule, { "schedule.json": '{"name":"nightly"}' }), {
      fieldManager: "test",
      force: true,
    });
    await eventually(() => assert.equal(registry.list().length, 0), 30_000);
    await api.patch(handoff({ ...schedule, generation: 3 }), { fieldManager: "test", force: true });
    await eventually(() => assert.equal(registry.get(`${NS}/nightly`)?.generation, 3), 30_000);
    await api.delete(handoff(schedule));
    await eventually(() => assert.equal(registry.list().length, 0), 30_000);
  });

  test("the status writer skips a write when only updatedAt changed", async () => {
    const other: ScheduleHandoff = { ...schedule, name: "weekly" };
    const write = createStatusWriter(api);
    const report = { ...(await beat.status(other)), name: "weekly" };
    const version = async () =>
      (
        await api.read<V1ConfigMap>({
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: scheduleStatusConfigMapName("weekly"), namespace: NS },
        })
      ).metadata?.resourceVersion;
    await write(other, report);
    const first = await version();
    await write(other, { ...report, updatedAt: "2026-01-01T05:00:00Z" });
    assert.equal(await version(), first);
    await write(other, { ...report, queued: report.queued + 1 });
    assert.notEqual(await version(), first);
  });
});
