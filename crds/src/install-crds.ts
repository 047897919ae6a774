import { isAlreadyExists, type KubeHttp } from "@fincoach/kube";
import type { CustomResourceDefinition } from "./custom-resource-definition.ts";

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

type Established = {
  metadata: { resourceVersion: string };
  status?: { conditions?: { type: string; status: string }[] };
};

/**
 * Creates or replaces each CRD, then waits until the apiserver reports it Established (its
 * REST endpoints serve). For tests and tools; production applies crds/*.yaml.
 */
export const installCrds = async (
  http: KubeHttp,
  crds: readonly CustomResourceDefinition[],
  options: { timeoutMs?: number } = {},
): Promise<void> => {
  for (const crd of crds) await createOrReplace(http, crd);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (const crd of crds) {
    for (;;) {
      const current = await http.request<Established>("GET", `${CRDS}/${crd.metadata.name}`);
      if (current.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} not Established in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};

const createOrReplace = async (http: KubeHttp, crd: CustomResourceDefinition): Promise<void> => {
  try {
    await http.request("POST", CRDS, { body: crd });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const current = await http.request<Established>("GET", `${CRDS}/${crd.metadata.name}`);
    const body = { ...crd, metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion } };
    await http.request("PUT", `${CRDS}/${crd.metadata.name}`, { body });
  }
};
