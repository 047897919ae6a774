import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { renderScheduleStatus, scheduleHandoffConfigMapName, scheduleStatusConfigMapName } from "@fincoach/contracts";
import { API_VERSION as API, type SyncSchedule } from "@fincoach/crds";
import { isConflict, type KubeObjectApi } from "@fincoach/kube";
import type { V1ConfigMap, V1Deployment, V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { API_CALLS, callKey } from "../src/kube/api-calls.ts";
import type { Operator } from "../src/operator.ts";
import {
  eventually,
  type OperatorCluster,
  read,
  startInProcessOperator,
  startInProcessStandby,
  startOperatorCluster,
  testEnv,
  testSyncSchedule,
  within,
} from "./harness.ts";

const NS = "team-a";
const syncSchedule = (name: string, spec: Record<string, unknown> = {}) => testSyncSchedule(NS, name, spec);

describe("the operator reconciles SyncSchedules on a real apiserver, as its ServiceAccount", {
  timeout: 600_000,
}, () => {
  let cluster: OperatorCluster;
  let operator: Operator;
  const ss = (name: string) => read<SyncSchedule>(cluster.admin, API, "SyncSchedule", NS, name);
  const condition = async (name: string, type: string) =>
    (await ss(name))?.status?.conditions?.find((c) => c.type === type);

  // Someone else writes the object between the operator's read and its status write.
  let interfereWith: string | undefined;
  let conflicts = 0;
  const wrapApi = (api: KubeObjectApi) => {
    const patchStatus = api.patchStatus.bind(api);
    api.patchStatus = (async (spec, options) => {
      if (spec.metadata?.name === interfereWith) {
        interfereWith = undefined;
        await cluster.kubectl([
          "annotate",
          "syncschedule",
          "-n",
          NS,
          spec.metadata?.name ?? "",
          "someone-else=was-here",
        ]);
      }
      try {
        return await patchStatus(spec, options);
      } catch (error) {
        if (isConflict(error)) conflicts++;
        throw error;
      }
    }) as typeof api.patchStatus;
    return api;
  };

  before(async () => {
    cluster = await startOperatorCluster();
    await cluster.createNamespace(NS);
    operator = await startInProcessOperator(cluster, testEnv(), { wrapApi });
  });
  after(async () => {
    await operator?.stop();
    await cluster?.stop();
  });

  test("children appear with owner references and the spec's settings; status says Ready", async () => {
    await cluster.apply([syncSchedule("nightly")]);
    const owner = await eventually(async () => {
      const s = await ss("nightly");
      assert.equal(s?.status?.conditions?.find((c) => c.type === "Ready")?.status, "True");
      return s!;
    }, 60_000);
    const deployment = await read<V1Deployment>(cluster.admin, "apps/v1", "Deployment", NS, "nightly-workers");
    const hpa = await read<V2HorizontalPodAutoscaler>(
      cluster.admin,
      "autoscaling/v2",
      "HorizontalPodAutoscaler",
      NS,
      "nightly-workers",
    );
    const handoff = await read<V1ConfigMap>(
      cluster.admin,
      "v1",
      "ConfigMap",
      NS,
      scheduleHandoffConfigMapName("nightly"),
    );
    for (const child of [deployment, hpa, handoff]) {
      const ref = child?.metadata?.ownerReferences?.[0];
      assert.deepEqual(
        [ref?.kind, ref?.name, ref?.uid, ref?.controller],
        ["SyncSchedule", "nightly", owner.metadata.uid, true],
      );
    }
    assert.equal(deployment?.spec?.template.spec?.containers[0]?.image, "fincoach/worker:1");
    assert.ok(
      deployment?.spec?.template.spec?.containers[0]?.env?.some(
        (e) => e.name === "SYNC_CONCURRENCY" && e.value === "3",
      ),
    );
    assert.deepEqual([hpa?.spec?.minReplicas, hpa?.spec?.maxReplicas], [2, 5]);
    assert.equal(hpa?.spec?.metrics?.[0]?.external?.target.averageValue, "40");
    assert.equal(hpa?.spec?.metrics?.[0]?.external?.metric.name, "fincoach_queue_backlog");
    assert.match(handoff?.data?.["schedule.json"] ?? "", /"schedule": "0 2 \* \* \*"/);
    assert.ok(owner.status?.nextScheduleTime);
    assert.equal(owner.status?.observedGeneration, 1);
    const managers = deployment?.metadata?.managedFields?.map((f) => f.manager);
    assert.deepEqual(managers, ["fincoach-operator"], "server-side apply with the fixed field manager");
  });

  test("suspend: Suspended=True, no nextScheduleTime, handed to beat, an Event recorded", async () => {
    await cluster.apply([syncSchedule("nightly", { suspend: true })]);
    await eventually(async () => {
      const s = await ss("nightly");
      const suspended = s?.status?.conditions?.find((c) => c.type === "Suspended");
      assert.deepEqual([suspended?.status, suspended?.observedGeneration], ["True", 2]);
      assert.equal(s?.status?.nextScheduleTime, undefined);
      assert.equal(s?.status?.observedGeneration, 2);
    }, 60_000);
    const handoff = await read<V1ConfigMap>(
      cluster.admin,
      "v1",
      "ConfigMap",
      NS,
      scheduleHandoffConfigMapName("nightly"),
    );
    assert.match(handoff?.data?.["schedule.json"] ?? "", /"suspend": true/);
    await eventually(async () => {
      const events = await cluster.kubectl([
        "get",
        "events.events.k8s.io",
        "-n",
        NS,
        "-o",
        "jsonpath={.items[*].reason}",
      ]);
      assert.match(events, /Suspended/);
    });
    await cluster.apply([syncSchedule("nightly", { suspend: false })]);
    await eventually(async () => assert.equal((await condition("nightly", "Suspended"))?.status, "False"), 60_000);
  });

  test("a spec change moves the children and the status", async () => {
    await cluster.apply([syncSchedule("nightly", { workers: { image: "fincoach/worker:2", maxReplicas: 9 } })]);
    await eventually(async () => {
      const hpa = await read<V2HorizontalPodAutoscaler>(
        cluster.admin,
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
        NS,
        "nightly-workers",
      );
      assert.equal(hpa?.spec?.maxReplicas, 9);
      const d = await read<V1Deployment>(cluster.admin, "apps/v1", "Deployment", NS, "nightly-workers");
      assert.equal(d?.spec?.template.spec?.containers[0]?.image, "fincoach/worker:2");
    }, 60_000);
  });

  test("beat's report is read back into the status", async () => {
    const owner = (await ss("nightly"))!;
    await cluster.apply([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: scheduleStatusConfigMapName("nightly"),
          namespace: NS,
          labels: { "app.kubernetes.io/part-of": "fincoach", "fincoach.dev/handoff": "sync-status" },
          ownerReferences: [{ apiVersion: API, kind: "SyncSchedule", name: "nightly", uid: owner.metadata.uid }],
        },
        data: renderScheduleStatus({
          namespace: NS,
          name: "nightly",
          uid: owner.metadata.uid ?? "",
          observedGeneration: owner.metadata.generation ?? 1,
          lastScheduleTime: new Date(Date.now() - 60_000).toISOString(),
          lastSuccessfulTime: new Date(Date.now() - 30_000).toISOString(),
          active: 2,
          queued: 17,
          updatedAt: new Date().toISOString(),
        }),
      },
    ]);
    await eventually(async () => {
      const s = await ss("nightly");
      assert.deepEqual([s?.status?.active, s?.status?.queued], [2, 17]);
      assert.ok(s?.status?.lastScheduleTime && s.status.lastSuccessfulTime);
    }, 60_000);
  });

  test("an unknown time zone: Ready=False InvalidSchedule and no children", async () => {
    await cluster.apply([syncSchedule("martian", { timeZone: "Mars/Olympus" })]);
    await eventually(async () => {
      const ready = await condition("martian", "Ready");
      assert.deepEqual([ready?.status, ready?.reason], ["False", "InvalidSchedule"]);
    }, 60_000);
    assert.equal(await read(cluster.admin, "apps/v1", "Deployment", NS, "martian-workers"), undefined);
  });

  test("a 409 conflict (the object changed between read and write) is retried, and the other write kept", async () => {
    interfereWith = "contended";
    const before = conflicts;
    await cluster.apply([syncSchedule("contended")]);
    await eventually(async () => assert.equal((await condition("contended", "Ready"))?.status, "True"), 60_000);
    assert.equal(interfereWith, undefined, "the interference happened");
    assert.ok(conflicts > before, "the stale status write got 409");
    assert.equal((await ss("contended"))?.metadata.annotations?.["someone-else"], "was-here");
    const text = await (await operator.app.request("/metrics")).text();
    assert.match(text, /fincoach_operator_reconcile_errors_total\{controller="syncschedule"[^}]*\} [1-9]/);
  });

  test("every call the operator made is in the RBAC table", () => {
    const table = new Set(API_CALLS.map(callKey));
    assert.deepEqual(
      [...operator.client.calls].filter((c) => !table.has(c)),
      [],
    );
    assert.ok(operator.client.calls.size > 0);
  });

  test("/metrics reports reconciles, durations, queue depth and leadership; /readyz is ready", async () => {
    const text = await (await operator.app.request("/metrics")).text();
    assert.match(
      text,
      /fincoach_operator_reconciles_total\{controller="syncschedule",result="(success|requeue)"[^}]*\} \d+/,
    );
    assert.match(text, /fincoach_operator_reconcile_duration_seconds_bucket/);
    assert.match(text, /workqueue_depth\{name="syncschedule"/);
    assert.match(text, /fincoach_operator_is_leader\{[^}]*\} 1/);
    assert.equal((await operator.app.request("/readyz")).status, 200);
    assert.equal((await operator.app.request("/healthz")).status, 200);
  });

  test("an apiserver outage past the renew deadline ends the leader; a standby whose caches rode it out carries on", async () => {
    const standby = await startInProcessStandby(cluster, testEnv({ POD_NAME: "operator-b" }));
    await cluster.cp.stopApiserver();
    // Renewals fail while it is down: leadership is lost and the replica ends (a pod exits 1).
    assert.deepEqual(await within(operator.finished, 60_000, "the leader's end"), { reason: "leadership-lost" });
    await cluster.cp.startApiserver();
    operator = standby;
    await cluster.apply([syncSchedule("after-restart")]);
    await eventually(async () => {
      assert.equal(standby.isLeader(), true);
      assert.equal((await condition("after-restart", "Ready"))?.status, "True");
      assert.ok(await read(cluster.admin, "apps/v1", "Deployment", NS, "after-restart-workers"));
    }, 120_000);
  });
});
