import { performance } from "node:perf_hooks";
import { type KubeConnection, type KubeObjectApi, type KubernetesObject, ResilientInformer } from "@fincoach/kube";
import { applyOne, benchSyncSchedule } from "./sync-schedules.ts";

/** One sample: ms from the apply's return until the Deployment and the HPA were both seen. */
export type LatencySample = { name: string; applyMs: number; childrenMs: number };

/** Watches one kind of child in `namespace` and remembers when each name was first seen. */
const firstSeen = (connection: KubeConnection, namespace: string, apiVersion: string, plural: string) => {
  const seenAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const informer = new ResilientInformer<KubernetesObject>({ connection, apiVersion, plural, namespace });
  informer.onAdd((obj) => {
    const name = obj.metadata?.name ?? "";
    seenAt.set(name, performance.now());
    waiters.get(name)?.();
  });
  const seen = (name: string) =>
    new Promise<number>((resolve) => {
      const at = seenAt.get(name);
      if (at !== undefined) return resolve(at);
      waiters.set(name, () => resolve(seenAt.get(name) as number));
    });
  return { informer, seen };
};

/**
 * Applies `samples` new SyncSchedules one at a time (the operator otherwise idle) and
 * times, for each, the apply call's return to the moment the watch shows both its worker
 * Deployment and its HPA: the operator's watch, queue, reconcile and two applies, plus the
 * apiserver's watch delivery back to this process.
 */
export const measureApplyLatency = async (options: {
  admin: KubeObjectApi;
  connection: KubeConnection;
  namespace: string;
  samples: number;
  pauseMs: number;
  timeoutMs: number;
}): Promise<LatencySample[]> => {
  const { namespace } = options;
  const deployments = firstSeen(options.connection, namespace, "apps/v1", "deployments");
  const hpas = firstSeen(options.connection, namespace, "autoscaling/v2", "horizontalpodautoscalers");
  await Promise.all([deployments.informer.start(), hpas.informer.start()]);
  await Promise.all([deployments.informer.waitForSync(60_000), hpas.informer.waitForSync(60_000)]);
  const out: LatencySample[] = [];
  try {
    for (let i = 0; i < options.samples; i++) {
      const name = `latency-${i}`;
      const start = performance.now();
      await applyOne(options.admin, benchSyncSchedule(namespace, name, i));
      const applied = performance.now();
      const child = `${name}-workers`;
      const both = Promise.all([deployments.seen(child), hpas.seen(child)]);
      const [d, h] = await withTimeout(both, options.timeoutMs, `children of ${name}`);
      out.push({ name, applyMs: applied - start, childrenMs: Math.max(d, h) - applied });
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  } finally {
    await Promise.all([deployments.informer.stop(), hpas.informer.stop()]);
  }
  return out;
};

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not seen after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
