import { ApiException, CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import type { CustomResourceDefinition } from "./custom-resource-definition.ts";

// CustomObjectsApi sends bodies as they are. The typed ApiextensionsV1Api and
// KubernetesObjectApi serialize through client-node's camelCase models, which would drop
// `x-kubernetes-validations`, `default` and the other wire-form keys of our CRD objects.
const CRDS = { group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions" } as const;

type Established = { status?: { conditions?: { type: string; status: string }[] } };

/**
 * Creates or replaces each CRD, then waits until the apiserver reports it Established (its
 * REST endpoints serve). For tests and tools; production applies crds/*.yaml.
 */
export const installCrds = async (
  kubeConfig: KubeConfig,
  crds: readonly CustomResourceDefinition[],
  options: { timeoutMs?: number } = {},
): Promise<void> => {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  for (const crd of crds) await createOrReplace(api, crd);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (const crd of crds) {
    for (;;) {
      const current = (await api.getClusterCustomObject({ ...CRDS, name: crd.metadata.name })) as Established;
      if (current.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} not Established in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};

const createOrReplace = async (api: CustomObjectsApi, crd: CustomResourceDefinition): Promise<void> => {
  try {
    await api.createClusterCustomObject({ ...CRDS, body: crd });
  } catch (error) {
    if (!(error instanceof ApiException) || error.code !== 409) throw error;
    const current = (await api.getClusterCustomObject({ ...CRDS, name: crd.metadata.name })) as {
      metadata: { resourceVersion: string };
    };
    const body = { ...crd, metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion } };
    await api.replaceClusterCustomObject({ ...CRDS, name: crd.metadata.name, body });
  }
};
