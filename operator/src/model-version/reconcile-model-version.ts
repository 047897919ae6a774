import { isDeepStrictEqual } from "node:util";
import { TRAFFIC_WEIGHTS_CONFIGMAP } from "@fincoach/contracts";
import { API_VERSION, type ModelVersion, type ModelVersionStatus } from "@fincoach/crds";
import type { ReconcileRequest, ReconcileResult } from "@fincoach/kube";
import type { ReconcileDeps } from "../reconcile-deps.ts";
import { desiredModelVersionChildren } from "./desired-model-version-children.ts";
import { addFinalizer, hasFinalizer, removeFinalizer, writeTrafficWeights } from "./model-version-writes.ts";
import { type RolloutOutput, type RolloutVersion, stepRollout } from "./rollout/index.ts";

type Live = ModelVersion & { metadata: { name: string; namespace: string; resourceVersion: string } };

/**
 * Reconciles the model a ModelVersion belongs to (callers serialize per namespace). The
 * model's versions are listed live, not from the cache, so a rollout step never acts on a
 * status it already moved past. Order keeps traffic safe: finalizers on, children of
 * versions that will serve applied, statuses written, weights written, then versions that
 * no longer serve scaled down and deleted versions (now out of the weights) released.
 */
export const reconcileModelVersion = async (
  deps: ReconcileDeps,
  request: ReconcileRequest,
): Promise<ReconcileResult> => {
  const { namespace, name } = request;
  const model = deps.informers.modelVersions.get(name, namespace)?.spec.model ?? modelServing(deps, namespace, name);
  if (!model) return {};
  const all = await deps.client.list<Live>("ModelVersion", API_VERSION, namespace, {
    fieldSelector: `spec.model=${model}`,
  });
  const live: Live[] = [];
  for (const mv of all.filter((v) => !v.metadata.deletionTimestamp)) {
    live.push(hasFinalizer(mv) ? mv : ((await addFinalizer(deps, mv)) as Live));
  }
  const out = await step(deps, namespace, live);
  const phaseOf = (mv: Live) => out.statuses.get(mv.metadata.name)?.phase;
  const needsApply = (mv: Live) =>
    mv.metadata.name === name ||
    phaseOf(mv) !== mv.status?.phase ||
    !deps.informers.deployments.get(mv.metadata.name, namespace);
  const serving = (mv: Live) =>
    desiredModelVersionChildren(mv, phaseOf(mv), deps.config.modelVersion).deployment.spec?.replicas !== 0;
  await applyChildren(
    deps,
    live.filter((mv) => needsApply(mv) && serving(mv)),
    phaseOf,
  );
  await writeStatuses(deps, live, out.statuses);
  // Counted once the RolledBack status is stored: a reconcile that failed before retries
  // the step (and counts then); every later step starts from RolledBack and reports none.
  for (const { name: rolledBack, reason } of out.rollbacks) deps.rolledBack?.(namespace, rolledBack, reason);
  await writeTrafficWeights(deps, namespace, model, out.weights, [...ownersInNamespace(deps, namespace), ...live]);
  await applyChildren(
    deps,
    live.filter((mv) => needsApply(mv) && !serving(mv)),
    phaseOf,
  );
  for (const mv of all.filter((v) => v.metadata.deletionTimestamp && hasFinalizer(v))) await removeFinalizer(deps, mv);
  for (const event of out.events) {
    const regarding = live.find((mv) => mv.metadata.name === event.name);
    if (regarding)
      await deps.recorder.record(regarding, {
        type: event.type,
        reason: event.reason,
        action: "Rollout",
        note: event.note,
      });
  }
  return out.requeueAfterMs === undefined ? {} : { requeueAfterMs: out.requeueAfterMs };
};

const step = async (deps: ReconcileDeps, namespace: string, live: Live[]): Promise<RolloutOutput> => {
  const now = new Date(deps.clock.now());
  const versions: RolloutVersion[] = live.map((mv) => ({
    name: mv.metadata.name,
    generation: mv.metadata.generation ?? 1,
    creationTimestamp: String(mv.metadata.creationTimestamp ?? ""),
    spec: mv.spec,
    status: mv.status,
    available:
      !deps.config.requireAvailable ||
      (deps.informers.deployments.get(mv.metadata.name, namespace)?.status?.availableReplicas ?? 0) > 0,
  }));
  const first = stepRollout({ versions, now });
  if (!first.awaitingStats) return first;
  const { name, model, version, window } = first.awaitingStats;
  const result = await deps.statsSource.get({ namespace, service: name, model, version, window }).then(
    (stats) => ({ ok: true as const, stats }),
    (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
  );
  return stepRollout({ versions, now, stats: { name, result } });
};

const applyChildren = async (
  deps: ReconcileDeps,
  versions: Live[],
  phaseOf: (mv: Live) => ModelVersionStatus["phase"],
) => {
  await Promise.all(
    versions.flatMap((mv) => {
      const { deployment, service } = desiredModelVersionChildren(mv, phaseOf(mv), deps.config.modelVersion);
      return [deps.client.apply(deployment), deps.client.apply(service)];
    }),
  );
};

// Champions first: after a crash between the two writes of a promotion, the next step
// sees two champions and keeps the newer, rather than none.
const writeStatuses = async (deps: ReconcileDeps, live: Live[], statuses: Map<string, ModelVersionStatus>) => {
  const rank = (mv: Live) => (["Serving", "Promoted"].includes(statuses.get(mv.metadata.name)?.phase ?? "") ? 0 : 1);
  for (const mv of [...live].sort((a, b) => rank(a) - rank(b))) {
    const next = statuses.get(mv.metadata.name);
    if (next && !isDeepStrictEqual(json(mv.status), json(next))) await deps.client.applyStatus(mv, next);
  }
};

const json = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const ownersInNamespace = (deps: ReconcileDeps, namespace: string): ModelVersion[] =>
  deps.informers.modelVersions.list(namespace).filter((mv) => !mv.metadata.deletionTimestamp);

// A version gone from the cache (deleted without our finalizer, e.g. removed by hand): find
// its model through the weights that still name its Service, so the model gets re-stepped.
const modelServing = (deps: ReconcileDeps, namespace: string, name: string): string | undefined => {
  const data = deps.informers.configMaps.get(TRAFFIC_WEIGHTS_CONFIGMAP, namespace)?.data?.["weights.json"];
  if (!data) return undefined;
  try {
    const doc = JSON.parse(data) as { models?: Record<string, { versions?: Array<{ service?: string }> }> };
    return Object.entries(doc.models ?? {}).find(([, m]) => m.versions?.some((v) => v.service === name))?.[0];
  } catch {
    return undefined;
  }
};
