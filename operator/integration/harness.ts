import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { API_VERSION } from "@fincoach/crds";
import { KubeConnection, type KubeObjectApi, type ObjectRef } from "@fincoach/kube";
import { createLogger, type Logger } from "@fincoach/logging";
import { eventually, freePort } from "@fincoach/testing";
import type { KubernetesObject } from "@kubernetes/client-node";
import { OperatorEnv, toOperatorConfig } from "../src/env.ts";
import { createOperator, type Operator, type OperatorOptions } from "../src/operator.ts";
import { OPERATOR_NAMESPACE, type OperatorCluster } from "../src/testing/operator-cluster.ts";

export {
  OPERATOR_NAMESPACE,
  OPERATOR_SA,
  type OperatorCluster,
  startOperatorCluster,
} from "../src/testing/operator-cluster.ts";
export { eventually };

/** The operator's environment for tests: short lease and resync, stats from `statsUrl`. */
export const testEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({
  LOG_LEVEL: "error",
  POD_NAMESPACE: OPERATOR_NAMESPACE,
  POD_NAME: "operator-a",
  LEASE_DURATION_SECONDS: "4",
  LEASE_RENEW_DEADLINE_SECONDS: "3",
  LEASE_RETRY_PERIOD_SECONDS: "0.5",
  METRICS_PORT: "0",
  RESYNC_SECONDS: "30",
  ...overrides,
});

/** An operator running in this process as the operator's ServiceAccount; started and leading. */
export const startInProcessOperator = async (
  cluster: OperatorCluster,
  env: Record<string, string>,
  options: Partial<OperatorOptions> = {},
): Promise<Operator> => {
  const logger: Logger = createLogger({ service: "operator-test", level: env.LOG_LEVEL ?? "warn" });
  const operator = createOperator({
    connection: KubeConnection.fromFile(cluster.operatorUser.kubeconfigPath),
    config: toOperatorConfig(OperatorEnv.parse(env)),
    logger,
    ...options,
  });
  await operator.start();
  await eventually(() => {
    if (!operator.isLeader() || !operator.controllers.every((c) => c.isRunning())) throw new Error("not leading yet");
  }, 60_000);
  return operator;
};

/** An operator running in this process as the operator's ServiceAccount; started, caches synced, not (yet) leading. */
export const startInProcessStandby = async (
  cluster: OperatorCluster,
  env: Record<string, string>,
): Promise<Operator> => {
  const operator = createOperator({
    connection: KubeConnection.fromFile(cluster.operatorUser.kubeconfigPath),
    config: toOperatorConfig(OperatorEnv.parse(env)),
    logger: createLogger({ service: "operator-test", level: env.LOG_LEVEL ?? "warn" }),
  });
  await operator.start();
  await eventually(() => {
    if (!operator.informersSynced()) throw new Error("caches not synced yet");
  }, 60_000);
  return operator;
};

/** `promise`, or a failure after `ms`. */
export const within = <T>(promise: Promise<T>, ms: number, what = "it"): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not after ${ms} ms`)), ms).unref()),
  ]);

/** Reads an object as admin (plain JSON); undefined when it does not exist. */
export const read = async <T extends KubernetesObject>(
  admin: KubeObjectApi,
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
): Promise<T | undefined> => {
  try {
    return (await admin.read({ apiVersion, kind, metadata: { name, namespace } })) as T;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
};

/**
 * No kubelet here: play the Deployment controller and report one replica of a
 * ModelVersion's inference Deployment available, once the operator has created it.
 */
export const markModelVersionAvailable = async (admin: KubeObjectApi, namespace: string, name: string) => {
  await eventually(async () => {
    if (!(await read(admin, "apps/v1", "Deployment", namespace, name))) throw new Error(`no Deployment ${name} yet`);
  });
  await admin.patchStatus(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace },
      status: { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
    } as ObjectRef,
    { type: "merge" },
  );
};

/** Path of the operator's entry point, for child processes. */
export const MAIN_PATH = join(import.meta.dirname, "../src/main.ts");

/** A SyncSchedule to apply in `namespace` (the nightly example's shape); `spec` overrides. */
export const testSyncSchedule = (namespace: string, name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: API_VERSION,
  kind: "SyncSchedule",
  metadata: { name, namespace },
  spec: {
    schedule: "0 2 * * *",
    timeZone: "Europe/Berlin",
    workers: {
      image: "fincoach/worker:1",
      minReplicas: 2,
      maxReplicas: 5,
      targetBacklogPerReplica: 40,
      concurrency: 3,
    },
    ...spec,
  },
});

/** Version `version` of the model "categorizer" to apply in `namespace`, with a fast rollout. */
export const testModelVersion = (namespace: string, version: string) => ({
  apiVersion: API_VERSION,
  kind: "ModelVersion",
  metadata: { name: `categorizer-${version}`, namespace },
  spec: {
    model: "categorizer",
    version,
    image: "fincoach/ml:1",
    artifact: { uri: `s3://models/categorizer/${version}.onnx`, sha256: "b".repeat(64) },
    labels: ["groceries", "rent"],
    replicas: 2,
    rollout: {
      stepWeight: 25,
      maxWeight: 50,
      interval: "1s",
      threshold: 2,
      thresholds: { minSamples: 100, maxErrorRate: 0.05, maxLatencyP99Ms: 300 },
    },
  },
});

/** An operator process (src/main.ts) and how it ended. */
export type OperatorProcess = { name: string; port: number; child: ChildProcess; exited: Promise<number | null> };

/** Starts src/main.ts as `name` with `kubeconfigPath`, logging to the control plane's dir. */
export const spawnOperator = async (
  cluster: OperatorCluster,
  name: string,
  kubeconfigPath: string,
  overrides: Record<string, string> = {},
): Promise<OperatorProcess> => {
  const port = await freePort();
  const env = {
    ...process.env,
    ...testEnv({ POD_NAME: name, METRICS_PORT: String(port), LOG_LEVEL: "info", ...overrides }),
    KUBECONFIG: kubeconfigPath,
  };
  const child = spawn(process.execPath, [MAIN_PATH], { env, stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(join(cluster.cp.dir, `${name}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { name, port, child, exited };
};
