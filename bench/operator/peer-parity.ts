/**
 * Checks that the controller-runtime peer writes what our operator writes: each on its own
 * fresh cluster reconciles the same SyncSchedule; the SyncSchedule's status and its
 * Deployment, HPA and handoff ConfigMap are read back as admin and compared field by field
 * (identity, times and what the apiserver fills in aside). Prints every difference and
 * exits 1 on any. Usage: `sh scripts/node.sh bench/operator/peer-parity.ts`.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { API_VERSION, SYNC_SCHEDULE_KIND } from "@fincoach/crds";
import { KubeConnection, type KubernetesObject } from "@fincoach/kube";
import { startBenchCluster } from "./bench-cluster.ts";
import { startOperatorProcess } from "./operator-process.ts";
import { buildControllerRuntimePeer } from "./peer-build.ts";
import { ReadyTracker } from "./ready-tracker.ts";
import { applyOne, benchSyncSchedule } from "./sync-schedules.ts";

const NS = "parity";
const NAME = "nightly";
const VOLATILE = new Set(["uid", "resourceVersion", "creationTimestamp", "managedFields", "lastTransitionTime"]);

// Drops what differs between any two clusters (ids, versions, times), keeps everything else.
const normalize = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, normalize(v)]),
    );
  return value;
};

// The handoff's JSON compared as values (it names the SyncSchedule's uid), and its text
// separately: the same bytes once the uid is taken out.
const handoffParsed = (cm: KubernetesObject & { data?: Record<string, string> }) => {
  const text = cm.data?.["schedule.json"] ?? "";
  const { uid: _uid, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return { ...cm, data: { parsed: rest, text: text.replace(/"uid": "[^"]*"/, '"uid": ""') } };
};

const written = async (binary?: string): Promise<Record<string, unknown>> => {
  const cluster = await startBenchCluster([NS]);
  const workDir = await mkdtemp(join(tmpdir(), "fincoach-peer-parity-"));
  try {
    const operator = await startOperatorProcess({
      kubeconfigPath: cluster.operatorUser.kubeconfigPath,
      logPath: join(workDir, "operator.log"),
      cwd: workDir,
      ...(binary ? { binary } : {}),
    });
    const tracker = new ReadyTracker(KubeConnection.fromFile(cluster.cp.kubeconfigPath), NS);
    try {
      await tracker.start();
      await applyOne(cluster.admin, benchSyncSchedule(NS, NAME, 7));
      await tracker.waitForReady(1, 60_000);
      const read = (apiVersion: string, kind: string, name: string) =>
        cluster.admin.read<KubernetesObject>({ apiVersion, kind, metadata: { name, namespace: NS } });
      const ss = (await read(API_VERSION, SYNC_SCHEDULE_KIND, NAME)) as KubernetesObject & { status?: unknown };
      return {
        status: normalize(ss.status),
        deployment: normalize(await read("apps/v1", "Deployment", `${NAME}-workers`)),
        hpa: normalize(await read("autoscaling/v2", "HorizontalPodAutoscaler", `${NAME}-workers`)),
        handoff: normalize(handoffParsed(await read("v1", "ConfigMap", `${NAME}-schedule`))),
      };
    } finally {
      await tracker.stop();
      await operator.stop();
    }
  } finally {
    await cluster.stop();
  }
};

const differences = (a: unknown, b: unknown, path: string, out: string[]): void => {
  if (isDeepStrictEqual(a, b)) return;
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
    return;
  }
  out.push(`${path}: fincoach ${JSON.stringify(a)} | controller-runtime ${JSON.stringify(b)}`);
};

const binary = await buildControllerRuntimePeer(console.log);
const ours = await written();
const peer = await written(binary);
const out: string[] = [];
differences(ours, peer, "", out);
for (const line of out) console.log(line);
console.log(out.length === 0 ? "parity: identical" : `parity: ${out.length} differences`);
process.exitCode = out.length === 0 ? 0 : 1;
