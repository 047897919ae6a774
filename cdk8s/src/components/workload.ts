/**
 * The Deployment, Service, ServiceAccount and PodDisruptionBudget every FinCoach service
 * has, with the restricted pod settings (pod.ts). Each component construct fills in its own
 * ports, environment and probes.
 */
import type {
  V1ContainerPort,
  V1Deployment,
  V1EnvVar,
  V1PodDisruptionBudget,
  V1Service,
  V1Volume,
  V1VolumeMount,
} from "@kubernetes/client-node";
import * as kplus from "cdk8s-plus-27";
import { Construct } from "constructs";
import { type Component, labelsOf, nameOf, selectorOf } from "../names.ts";
import { k8sObject } from "../objects.ts";
import { httpProbe, restrictedContainer, restrictedPodSpec } from "../pod.ts";
import type { Resources } from "../settings.ts";

/** What every workload construct is given. */
export type WorkloadProps = {
  readonly namespace: string;
  /** Full image reference, e.g. docker.io/fincoach/api:0.1.0. */
  readonly image: string;
  readonly pullPolicy: string;
  readonly resources: Resources;
  /** The container's environment (cdk8s/src/env.ts). */
  readonly env: readonly V1EnvVar[];
};

type DeploymentSpec = WorkloadProps & {
  readonly component: Component;
  /** Omitted when an HPA owns the replica count. */
  readonly replicas: number | undefined;
  readonly ports: readonly V1ContainerPort[];
  /** The named port serving /healthz and /readyz. */
  readonly probePort: string;
  readonly serviceAccountToken: boolean;
  /** False when the ServiceAccount comes from elsewhere (the operator's generated RBAC). */
  readonly createServiceAccount?: boolean;
  readonly volumes?: readonly V1Volume[];
  readonly volumeMounts?: readonly V1VolumeMount[];
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Served through a Service: wait this long after termination starts before SIGTERM, so
   * endpoints and the ingress stop sending new requests first (a rolling update without
   * failed requests).
   */
  readonly preStopDelaySeconds?: number;
};

/** Deployment + Service + ServiceAccount + PDB of one component. */
export class Workload extends Construct {
  readonly name: string;
  /** Its ServiceAccount, unless it runs as one made elsewhere. */
  readonly serviceAccount: kplus.ServiceAccount | undefined;
  constructor(scope: Construct, id: string, spec: DeploymentSpec) {
    super(scope, id);
    const name = nameOf(spec.component);
    this.name = name;
    const labels = labelsOf(spec.component);
    const metadata = { name, namespace: spec.namespace, labels };
    if (spec.createServiceAccount !== false)
      this.serviceAccount = new kplus.ServiceAccount(this, "service-account", {
        metadata,
        automountToken: spec.serviceAccountToken,
      });
    k8sObject<V1Deployment>(this, "deployment", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata,
      spec: {
        ...(spec.replicas === undefined ? {} : { replicas: spec.replicas }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorOf(spec.component) },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels },
          spec: restrictedPodSpec(spec.component, {
            serviceAccountName: name,
            automountServiceAccountToken: spec.serviceAccountToken,
            ...(spec.terminationGracePeriodSeconds === undefined
              ? {}
              : { terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds }),
            containers: [
              restrictedContainer(
                {
                  name: spec.component,
                  image: spec.image,
                  imagePullPolicy: spec.pullPolicy,
                  env: [...spec.env],
                  ports: [...spec.ports],
                  startupProbe: httpProbe("/healthz", spec.probePort, "startup"),
                  livenessProbe: httpProbe("/healthz", spec.probePort, "liveness"),
                  readinessProbe: httpProbe("/readyz", spec.probePort, "readiness"),
                  ...(spec.volumeMounts ? { volumeMounts: [...spec.volumeMounts] } : {}),
                  ...(spec.preStopDelaySeconds
                    ? { lifecycle: { preStop: { exec: { command: ["sleep", String(spec.preStopDelaySeconds)] } } } }
                    : {}),
                },
                spec.resources,
              ),
            ],
            ...(spec.volumes ? { volumes: [...spec.volumes] } : {}),
          }),
        },
      },
    });
    k8sObject<V1Service>(this, "service", {
      apiVersion: "v1",
      kind: "Service",
      metadata,
      spec: {
        selector: selectorOf(spec.component),
        ports: spec.ports.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name ?? p.containerPort })),
      },
    });
    // maxUnavailable, not minAvailable: a one-replica dev install can still drain its node.
    k8sObject<V1PodDisruptionBudget>(this, "pdb", {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata,
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(spec.component) } },
    });
  }
}

/** `<repository>/<component>:<tag>`. */
export const imageOf = (image: { repository: string; tag: string }, component: string): string =>
  `${image.repository}/${component}:${image.tag}`;

/** The operator's traffic-weights ConfigMap, mounted if it exists (it appears with the first ModelVersion). */
export const trafficWeightsVolume = (configMap: string): V1Volume => ({
  name: "traffic-weights",
  configMap: { name: configMap, optional: true },
});
