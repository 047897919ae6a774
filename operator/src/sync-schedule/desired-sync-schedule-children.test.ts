import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseScheduleHandoff, QUEUE_BACKLOG_METRIC } from "@fincoach/contracts";
import { desiredSyncScheduleChildren } from "./desired-sync-schedule-children.ts";
import { syncSchedule } from "./sync-schedule-fixture.ts";

const ss = syncSchedule({
  timeZone: "Europe/Berlin",
  source: "bank",
  startingDeadlineSeconds: 300,
  workers: {
    image: "ghcr.io/fincoach/worker:2",
    minReplicas: 2,
    maxReplicas: 7,
    targetBacklogPerReplica: 50,
    concurrency: 8,
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: 1 } },
  },
});
const owner = {
  apiVersion: "fincoach.dev/v1alpha1",
  kind: "SyncSchedule",
  name: "nightly",
  uid: "uid-1",
  controller: true,
  blockOwnerDeletion: true,
};

describe("desiredSyncScheduleChildren", () => {
  const { deployment, hpa, handoff } = desiredSyncScheduleChildren(ss, { workerEnvSecret: "fincoach-worker-env" });

  test("every child is owned by the SyncSchedule, in its namespace, with the common labels", () => {
    for (const child of [deployment, hpa, handoff]) {
      assert.deepEqual(child.metadata?.ownerReferences, [owner]);
      assert.equal(child.metadata?.namespace, "team-a");
      assert.equal(child.metadata?.labels?.["app.kubernetes.io/managed-by"], "fincoach-operator");
      assert.equal(child.metadata?.labels?.["fincoach.dev/sync-schedule"], "nightly");
    }
  });

  test("the worker Deployment carries image, concurrency, queue and resources, and leaves replicas to the HPA", () => {
    assert.equal(deployment.metadata?.name, "nightly-workers");
    assert.equal(deployment.spec?.replicas, undefined);
    const pod = deployment.spec?.template.spec;
    const container = pod?.containers[0];
    assert.equal(container?.image, "ghcr.io/fincoach/worker:2");
    assert.deepEqual(container?.env, [
      { name: "SYNC_QUEUE", value: "sync-team-a-nightly" },
      { name: "SYNC_CONCURRENCY", value: "8" },
      { name: "SYNC_SOURCE", value: "bank" },
      { name: "SYNC_SCHEDULE", value: "team-a/nightly" },
    ]);
    assert.deepEqual(container?.envFrom, [{ secretRef: { name: "fincoach-worker-env" } }]);
    assert.deepEqual(container?.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1" } });
    const selector = deployment.spec?.selector.matchLabels ?? {};
    for (const [k, v] of Object.entries(selector)) assert.equal(deployment.spec?.template.metadata?.labels?.[k], v);
  });

  test("the HPA scales the Deployment on the queue backlog with AverageValue = targetBacklogPerReplica", () => {
    assert.equal(hpa.apiVersion, "autoscaling/v2");
    assert.deepEqual(hpa.spec?.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "nightly-workers" });
    assert.deepEqual([hpa.spec?.minReplicas, hpa.spec?.maxReplicas], [2, 7]);
    assert.deepEqual(hpa.spec?.metrics, [
      {
        type: "External",
        external: {
          metric: { name: QUEUE_BACKLOG_METRIC, selector: { matchLabels: { queue: "sync-team-a-nightly" } } },
          target: { type: "AverageValue", averageValue: "50" },
        },
      },
    ]);
  });

  test("the handoff ConfigMap follows the contract beat reads", () => {
    assert.equal(handoff.metadata?.name, "nightly-schedule");
    assert.equal(handoff.metadata?.labels?.["fincoach.dev/handoff"], "sync-schedule");
    assert.deepEqual(parseScheduleHandoff(handoff.data), {
      namespace: "team-a",
      name: "nightly",
      uid: "uid-1",
      generation: 1,
      schedule: "0 2 * * *",
      timeZone: "Europe/Berlin",
      suspend: false,
      source: "bank",
      userSelector: {},
      startingDeadlineSeconds: 300,
      concurrencyPolicy: "Forbid",
      queue: "sync-team-a-nightly",
    });
  });

  test("without a worker Secret there is no envFrom, without resources no resources", () => {
    const { deployment: d } = desiredSyncScheduleChildren(syncSchedule());
    assert.equal(d.spec?.template.spec?.containers[0]?.envFrom, undefined);
    assert.equal(d.spec?.template.spec?.containers[0]?.resources, undefined);
  });

  test("suspend travels to beat; the same CR always renders the same bytes", () => {
    const a = desiredSyncScheduleChildren(syncSchedule({ suspend: true }));
    assert.equal(parseScheduleHandoff(a.handoff.data).suspend, true);
    assert.deepEqual(desiredSyncScheduleChildren(ss), desiredSyncScheduleChildren(ss));
  });
});
