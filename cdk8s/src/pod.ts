/**
 * The pod and container settings every FinCoach pod has: Pod Security "restricted"
 * (non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp), a
 * writable emptyDir /tmp, requests and limits, probes, and spread over nodes.
 */
import type { V1Container, V1PodSpec, V1Probe, V1TopologySpreadConstraint } from "@kubernetes/client-node";
import { type Component, selectorOf } from "./names.ts";
import type { Resources } from "./settings.ts";

/** The `node` user of node:24-slim; the images say `USER node` too. */
export const NODE_UID = 1000;

export const RESTRICTED_CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

export const RESTRICTED_POD_SECURITY = {
  runAsNonRoot: true,
  runAsUser: NODE_UID,
  runAsGroup: NODE_UID,
  fsGroup: NODE_UID,
  seccompProfile: { type: "RuntimeDefault" },
};

/**
 * An HTTP probe on a named port. Liveness is generous (a busy event loop is not a dead one)
 * and starts only once the startup probe passed, which allows five minutes: the ML service
 * trains the default model before it listens on a fresh installation.
 */
export const httpProbe = (path: string, port: string, kind: "startup" | "liveness" | "readiness"): V1Probe => ({
  httpGet: { path, port },
  periodSeconds: 10,
  timeoutSeconds: 3,
  failureThreshold: { startup: 30, liveness: 6, readiness: 3 }[kind],
});

/** Spread replicas over nodes, but never refuse to schedule (a single-node cluster still runs). */
export const topologySpread = (component: Component): V1TopologySpreadConstraint[] => [
  {
    maxSkew: 1,
    topologyKey: "kubernetes.io/hostname",
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: selectorOf(component) },
  },
  {
    maxSkew: 1,
    topologyKey: "topology.kubernetes.io/zone",
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: selectorOf(component) },
  },
];

/** A container with the restricted security context, its resources and a writable /tmp. */
export const restrictedContainer = (
  container: Omit<V1Container, "securityContext" | "resources">,
  resources: Resources,
): V1Container => ({
  ...container,
  resources: resources as V1Container["resources"],
  securityContext: RESTRICTED_CONTAINER_SECURITY,
  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...(container.volumeMounts ?? [])],
});

/** A pod spec with the restricted pod security context, the /tmp volume and topology spread. */
export const restrictedPodSpec = (component: Component, spec: V1PodSpec): V1PodSpec => ({
  automountServiceAccountToken: false,
  enableServiceLinks: false,
  securityContext: RESTRICTED_POD_SECURITY,
  topologySpreadConstraints: topologySpread(component),
  ...spec,
  volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }, ...(spec.volumes ?? [])],
});
