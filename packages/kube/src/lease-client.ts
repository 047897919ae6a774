import { CoordinationV1Api, type KubeConfig, type V1Lease } from "@kubernetes/client-node";
import { isNotFound } from "./api-errors.ts";
import { shareConnections } from "./share-connections.ts";

/** The three Lease calls leader election makes; tests can pass an in-memory one. */
export type LeaseClient = {
  /** The lease, or undefined when it does not exist. */
  get(namespace: string, name: string): Promise<V1Lease | undefined>;
  /** Fails with 409 AlreadyExists when another candidate created it first. */
  create(lease: V1Lease): Promise<V1Lease>;
  /** Fails with 409 Conflict when `metadata.resourceVersion` is not the current one. */
  replace(lease: V1Lease): Promise<V1Lease>;
};

/** A {@link LeaseClient} on `coordination.k8s.io/v1` (over pooled connections, see {@link shareConnections}). */
export const leaseClient = (kc: KubeConfig): LeaseClient => {
  const api = shareConnections(kc).makeApiClient(CoordinationV1Api);
  return {
    async get(namespace, name) {
      try {
        return await api.readNamespacedLease({ namespace, name });
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    create: (lease) => api.createNamespacedLease({ namespace: lease.metadata?.namespace ?? "default", body: lease }),
    replace: (lease) =>
      api.replaceNamespacedLease({
        namespace: lease.metadata?.namespace ?? "default",
        name: lease.metadata?.name ?? "",
        body: lease,
      }),
  };
};
