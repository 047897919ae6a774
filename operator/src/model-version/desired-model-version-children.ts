import { APP_SECRET_DEFAULT_NAME, APP_SECRET_KEYS, MODEL_SERVER_METRICS_PORT } from "@fincoach/contracts";
import { API_VERSION, MODEL_VERSION_KIND, type ModelVersion, type ModelVersionPhase } from "@fincoach/crds";
import type { V1Deployment, V1Service } from "@fincoach/kube";
import { ownerReference } from "@fincoach/kube";
import { commonLabels, containerResources, RESTRICTED_CONTAINER, RESTRICTED_POD } from "../labels.ts";

/** Port the ML service listens on (HTTP: predictions, /stats, /healthz, /readyz); /metrics is on MODEL_SERVER_METRICS_PORT. */
export const INFERENCE_PORT = 8080;

type Container = NonNullable<NonNullable<V1Deployment["spec"]>["template"]["spec"]>["containers"][number];
type V1EnvVar = NonNullable<Container["env"]>[number];
type V1Probe = NonNullable<Container["livenessProbe"]>;

/** What the operator's environment says about the pods it creates for a version. */
export type ModelVersionContext = {
  /** The Secret with DATABASE_URL and REDIS_URL (the chart's `secretName`, MODEL_SERVER_SECRET). */
  secretName: string;
};
const DEFAULT_CONTEXT: ModelVersionContext = { secretName: APP_SECRET_DEFAULT_NAME };

const fromSecret = (secretName: string, key: keyof typeof APP_SECRET_KEYS): V1EnvVar => ({
  name: key,
  valueFrom: { secretKeyRef: { name: secretName, key: APP_SECRET_KEYS[key] } },
});

/**
 * The chart's probes (cdk8s/src/pod.ts httpProbe): liveness waits for the startup probe,
 * which allows five minutes for a large artifact to be fetched and loaded.
 */
const probe = (path: string, failureThreshold: number): V1Probe => ({
  httpGet: { path, port: "http" },
  periodSeconds: 10,
  timeoutSeconds: 3,
  failureThreshold,
});

/** Phases in which a version takes no traffic and needs no pods. */
const SCALED_DOWN: ReadonlySet<ModelVersionPhase> = new Set(["Superseded", "RolledBack", "Failed"]);

/** The inference Deployment and Service of one version; both are named like the ModelVersion. */
export type ModelVersionChildren = { deployment: V1Deployment; service: V1Service };

/**
 * The version's inference Deployment (the ML service image, told which artifact to load
 * and which digest it must have) and its Service. Pure. `phase` is the phase the version
 * is about to have, so a promotion scales the old champion down in the same reconcile.
 */
export const desiredModelVersionChildren = (
  mv: ModelVersion,
  phase: ModelVersionPhase | undefined = mv.status?.phase,
  ctx: ModelVersionContext = DEFAULT_CONTEXT,
): ModelVersionChildren => {
  const { name = "", namespace = "" } = mv.metadata;
  const { spec } = mv;
  const owner = ownerReference({ apiVersion: API_VERSION, kind: MODEL_VERSION_KIND, metadata: mv.metadata });
  const selector = { "app.kubernetes.io/component": "model-server", "app.kubernetes.io/instance": name };
  const labels = {
    ...commonLabels("model-server", name),
    "fincoach.dev/model": spec.model,
    "fincoach.dev/version": spec.version,
  };
  const metadata = { name, namespace, labels, ownerReferences: [owner] };
  const resources = containerResources(spec.resources);
  // What services/ml/src/env.ts requires (the champion's environment, cdk8s/src/env.ts mlEnv),
  // then the one version this pod serves. /metrics on a port of its own, like the champion's,
  // so Prometheus is let in there and not on the traffic port.
  const env: V1EnvVar[] = [
    { name: "NODE_ENV", value: "production" },
    fromSecret(ctx.secretName, "DATABASE_URL"),
    fromSecret(ctx.secretName, "REDIS_URL"),
    // Training and the retraining sweep are the champion Deployment's: a version's pods only serve it.
    { name: "TRAINING_WORKER", value: "false" },
    { name: "RETRAIN_SWEEP_SECONDS", value: "0" },
    { name: "MODEL_NAME", value: spec.model },
    { name: "MODEL_VERSION", value: spec.version },
    { name: "MODEL_ARTIFACT_URI", value: spec.artifact.uri },
    { name: "MODEL_ARTIFACT_SHA256", value: spec.artifact.sha256 },
    { name: "MODEL_ARTIFACT_FORMAT", value: spec.artifact.format },
    { name: "MODEL_LABELS", value: JSON.stringify(spec.labels) },
    { name: "PORT", value: String(INFERENCE_PORT) },
    { name: "METRICS_PORT", value: String(MODEL_SERVER_METRICS_PORT.number) },
  ];
  const deployment: V1Deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata,
    spec: {
      replicas: phase && SCALED_DOWN.has(phase) ? 0 : spec.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: RESTRICTED_POD,
          containers: [
            {
              name: "model-server",
              image: spec.image,
              env,
              ports: [
                { name: "http", containerPort: INFERENCE_PORT },
                { name: MODEL_SERVER_METRICS_PORT.name, containerPort: MODEL_SERVER_METRICS_PORT.number },
              ],
              startupProbe: probe("/healthz", 30),
              livenessProbe: probe("/healthz", 6),
              readinessProbe: probe("/readyz", 3),
              ...(resources ? { resources } : {}),
              securityContext: RESTRICTED_CONTAINER,
              // The root filesystem is read-only; /tmp is the one writable place, as in the chart's pods.
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
        },
      },
    },
  };
  const service: V1Service = {
    apiVersion: "v1",
    kind: "Service",
    metadata,
    spec: { selector, ports: [{ name: "http", port: INFERENCE_PORT, targetPort: "http" }] },
  };
  return { deployment, service };
};
