import {
  QUEUE_BACKLOG_METRIC,
  renderScheduleHandoff,
  SCHEDULE_HANDOFF_LABELS,
  type ScheduleHandoff,
  scheduleHandoffConfigMapName,
  syncQueueName,
} from "@fincoach/contracts";
import { API_VERSION, SYNC_SCHEDULE_KIND, type SyncSchedule } from "@fincoach/crds";
import type { V1ConfigMap, V1Deployment, V2HorizontalPodAutoscaler } from "@fincoach/kube";
import { ownerReference } from "@fincoach/kube";
import { commonLabels, containerResources, RESTRICTED_CONTAINER } from "../labels.ts";

/** Settings of the operator that shape the children, not taken from the CR. */
export type SyncScheduleContext = {
  /** A Secret with the workers' shared environment (REDIS_URL, DATABASE_URL...), mounted with envFrom. */
  workerEnvSecret?: string | undefined;
};

/** Everything a SyncSchedule owns. */
export type SyncScheduleChildren = {
  deployment: V1Deployment;
  hpa: V2HorizontalPodAutoscaler;
  /** The schedule handed to beat (docs/operator-contracts.md: a ConfigMap beat watches). */
  handoff: V1ConfigMap;
};

/** Name of a schedule's worker Deployment and HPA. */
export const workersName = (schedule: string): string => `${schedule}-workers`;

/**
 * The worker Deployment, its HPA (External backlog metric, `AverageValue =
 * targetBacklogPerReplica`) and the handoff ConfigMap of one SyncSchedule. Pure. The
 * Deployment leaves `replicas` out: the HPA owns it, and an apply that set it would fight
 * the HPA on every reconcile. The caller has checked that the schedule parses.
 */
export const desiredSyncScheduleChildren = (ss: SyncSchedule, ctx: SyncScheduleContext = {}): SyncScheduleChildren => {
  const { name = "", namespace = "" } = ss.metadata;
  const owner = ownerReference({ apiVersion: API_VERSION, kind: SYNC_SCHEDULE_KIND, metadata: ss.metadata });
  const queue = syncQueueName(namespace, name);
  const labels = { ...commonLabels("sync-worker", name), "fincoach.dev/sync-schedule": name };
  const meta = (childName: string, extra: Record<string, string> = {}) => ({
    name: childName,
    namespace,
    labels: { ...labels, ...extra },
    ownerReferences: [owner],
  });
  return {
    deployment: workerDeployment(ss, meta(workersName(name)), queue, ctx),
    hpa: workerHpa(ss, meta(workersName(name)), queue),
    handoff: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta(scheduleHandoffConfigMapName(name), SCHEDULE_HANDOFF_LABELS),
      data: renderScheduleHandoff(scheduleHandoff(ss, queue)),
    },
  };
};

type Meta = { name: string; namespace: string; labels: Record<string, string>; ownerReferences: object[] };

const workerDeployment = (ss: SyncSchedule, metadata: Meta, queue: string, ctx: SyncScheduleContext): V1Deployment => {
  const { workers, source } = ss.spec;
  const selector = {
    "app.kubernetes.io/component": "sync-worker",
    "app.kubernetes.io/instance": metadata.labels["app.kubernetes.io/instance"] ?? "",
  };
  const env = [
    { name: "SYNC_QUEUE", value: queue },
    { name: "SYNC_CONCURRENCY", value: String(workers.concurrency) },
    { name: "SYNC_SOURCE", value: source },
    { name: "SYNC_SCHEDULE", value: `${metadata.namespace}/${ss.metadata.name}` },
  ];
  const resources = containerResources(workers.resources);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: metadata as V1Deployment["metadata"],
    spec: {
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: metadata.labels },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: "worker",
              image: workers.image,
              env,
              ...(ctx.workerEnvSecret ? { envFrom: [{ secretRef: { name: ctx.workerEnvSecret } }] } : {}),
              ...(resources ? { resources } : {}),
              securityContext: RESTRICTED_CONTAINER,
            },
          ],
        },
      },
    },
  };
};

const workerHpa = (ss: SyncSchedule, metadata: Meta, queue: string): V2HorizontalPodAutoscaler => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: metadata as V2HorizontalPodAutoscaler["metadata"],
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: metadata.name },
    minReplicas: ss.spec.workers.minReplicas,
    maxReplicas: ss.spec.workers.maxReplicas,
    metrics: [
      {
        type: "External",
        external: {
          metric: { name: QUEUE_BACKLOG_METRIC, selector: { matchLabels: { queue } } },
          target: { type: "AverageValue", averageValue: String(ss.spec.workers.targetBacklogPerReplica) },
        },
      },
    ],
  },
});

/** The handoff document for beat: the spec with defaults applied, plus identity. */
export const scheduleHandoff = (ss: SyncSchedule, queue: string): ScheduleHandoff => ({
  namespace: ss.metadata.namespace ?? "",
  name: ss.metadata.name ?? "",
  uid: ss.metadata.uid ?? "",
  generation: ss.metadata.generation ?? 1,
  schedule: ss.spec.schedule,
  timeZone: ss.spec.timeZone,
  suspend: ss.spec.suspend,
  source: ss.spec.source,
  userSelector: ss.spec.userSelector,
  startingDeadlineSeconds: ss.spec.startingDeadlineSeconds ?? null,
  concurrencyPolicy: ss.spec.concurrencyPolicy,
  queue,
});
