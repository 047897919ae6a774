import { API_VERSION, MODEL_VERSION_KIND, type ModelVersion, type ModelVersionPhase } from "@fincoach/crds";
import type { V1Deployment, V1Service } from "@fincoach/kube";
import { ownerReference } from "@fincoach/kube";
import { commonLabels, containerResources, RESTRICTED_CONTAINER } from "../labels.ts";

/** Port the ML service listens on (HTTP: predictions, /stats, /healthz, /readyz, /metrics). */
export const INFERENCE_PORT = 8080;

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
  const env = [
    { name: "MODEL_NAME", value: spec.model },
    { name: "MODEL_VERSION", value: spec.version },
    { name: "MODEL_ARTIFACT_URI", value: spec.artifact.uri },
    { name: "MODEL_ARTIFACT_SHA256", value: spec.artifact.sha256 },
    { name: "MODEL_ARTIFACT_FORMAT", value: spec.artifact.format },
    { name: "MODEL_LABELS", value: JSON.stringify(spec.labels) },
    { name: "PORT", value: String(INFERENCE_PORT) },
  ];
  const probe = (path: string) => ({ httpGet: { path, port: "http" }, periodSeconds: 10 });
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
          containers: [
            {
              name: "model-server",
              image: spec.image,
              env,
              ports: [{ name: "http", containerPort: INFERENCE_PORT }],
              readinessProbe: probe("/readyz"),
              livenessProbe: probe("/healthz"),
              ...(resources ? { resources } : {}),
              securityContext: RESTRICTED_CONTAINER,
            },
          ],
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
