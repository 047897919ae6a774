import { isNotFound } from "./api-errors.ts";
import type { KubeHttp } from "./client/kube-http.ts";
import type { Lease } from "./lease-spec.ts";

/** The three Lease calls leader election makes; tests can pass an in-memory one. */
export type LeaseClient = {
  /** The lease, or undefined when it does not exist. */
  get(namespace: string, name: string): Promise<Lease | undefined>;
  /** Fails with 409 AlreadyExists when another candidate created it first. */
  create(lease: Lease): Promise<Lease>;
  /** Fails with 409 Conflict when `metadata.resourceVersion` is not the current one. */
  replace(lease: Lease): Promise<Lease>;
};

const leases = (namespace: string) => `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;

/** A {@link LeaseClient} on `coordination.k8s.io/v1`. */
export const leaseClient = (http: KubeHttp): LeaseClient => ({
  async get(namespace, name) {
    try {
      return await http.request<Lease>("GET", `${leases(namespace)}/${encodeURIComponent(name)}`);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  },
  create: (lease) => http.request<Lease>("POST", leases(lease.metadata?.namespace ?? "default"), { body: lease }),
  replace: (lease) =>
    http.request<Lease>(
      "PUT",
      `${leases(lease.metadata?.namespace ?? "default")}/${encodeURIComponent(lease.metadata?.name ?? "")}`,
      { body: lease },
    ),
});
