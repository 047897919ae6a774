import type { V1ObjectMeta } from "@fincoach/kube";
import { z } from "zod";
import { API_VERSION } from "./api-group.ts";
import { type CelRule, withCel } from "./cel.ts";
import { ObjectMetaShape } from "./common.ts";
import { customResourceDefinition, resourceSchema } from "./custom-resource-definition.ts";
import { ModelVersionSpec } from "./model-version-spec.ts";
import { ModelVersionStatus } from "./model-version-status.ts";
import { toStructuralSchema } from "./structural-schema.ts";

export const MODEL_VERSION_KIND = "ModelVersion";
export const MODEL_VERSION_PLURAL = "modelversions";

// The name also names the version's Deployment and Service, so it must be a Service name.
const NAME = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
const NAME_RULE = {
  rule: `self.metadata.name.matches(r'${NAME}') && size(self.metadata.name) <= 63`,
  message: "metadata.name must be a DNS-1035 label (a Service name: at most 63 characters, starting with a letter)",
} satisfies CelRule;

/** A whole ModelVersion as read from YAML or the apiserver (metadata checked loosely). */
export const ModelVersion = withCel(
  z.object({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(MODEL_VERSION_KIND),
    metadata: ObjectMetaShape,
    spec: ModelVersionSpec,
    status: ModelVersionStatus.optional(),
  }),
  [{ ...NAME_RULE, check: (m) => new RegExp(NAME).test(m.metadata.name) && m.metadata.name.length <= 63 }],
);
/** A ModelVersion with the apiserver's defaults applied and Kubernetes object metadata. */
export type ModelVersion = Omit<z.output<typeof ModelVersion>, "metadata"> & { metadata: V1ObjectMeta };

/** The ModelVersion CRD (wire form), generated into crds/fincoach.dev_modelversions.yaml. */
export const modelVersionCrd = customResourceDefinition(
  { kind: MODEL_VERSION_KIND, plural: MODEL_VERSION_PLURAL, singular: "modelversion", shortNames: ["mv"] },
  resourceSchema(
    "ModelVersion serves one version of an ML model and rolls it out against the current champion.",
    toStructuralSchema(ModelVersionSpec),
    toStructuralSchema(ModelVersionStatus),
    [NAME_RULE],
  ),
  [
    { name: "Model", type: "string", jsonPath: ".spec.model" },
    { name: "Version", type: "string", jsonPath: ".spec.version" },
    { name: "Phase", type: "string", jsonPath: ".status.phase" },
    { name: "Weight", type: "integer", jsonPath: ".status.trafficWeight" },
    { name: "Samples", type: "integer", jsonPath: ".status.analysis.samples", priority: 1 },
    { name: "Error Rate", type: "number", jsonPath: ".status.analysis.errorRate", priority: 1 },
    { name: "Failed Checks", type: "integer", jsonPath: ".status.analysis.failedChecks", priority: 1 },
    { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
  // `kubectl get mv --field-selector spec.model=categorizer`, and the operator lists a model's versions the same way.
  [{ jsonPath: ".spec.model" }],
);
