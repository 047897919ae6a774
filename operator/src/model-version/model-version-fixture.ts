import { API_VERSION, type ModelVersion, ModelVersionSpec, type ModelVersionSpecInput } from "@fincoach/crds";

/** A ModelVersion as the apiserver returns it (defaults applied), for unit tests. */
export const modelVersion = (spec: Partial<ModelVersionSpecInput> = {}, meta: Partial<ModelVersion["metadata"]> = {}) =>
  ({
    apiVersion: API_VERSION,
    kind: "ModelVersion",
    metadata: { name: "categorizer-v2", namespace: "ml", uid: "uid-mv", generation: 1, ...meta },
    spec: ModelVersionSpec.parse({
      model: "categorizer",
      version: "v2",
      image: "ghcr.io/fincoach/ml:1",
      artifact: { uri: `pg://model-artifacts/${"a".repeat(64)}`, sha256: "a".repeat(64) },
      labels: ["groceries", "rent"],
      ...spec,
    }),
  }) satisfies ModelVersion;
