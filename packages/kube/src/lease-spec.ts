import { type V1Lease, type V1LeaseSpec, V1MicroTime } from "@kubernetes/client-node";

/** The election record as client-go writes it; times as MicroTime (6 fraction digits). */
export type LeaseClaim = { identity: string; leaseDurationMs: number; now: number };

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** A new Lease held by the claimant. */
export const newLease = (namespace: string, name: string, claim: LeaseClaim): V1Lease => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name, namespace },
  spec: {
    holderIdentity: claim.identity,
    leaseDurationSeconds: seconds(claim.leaseDurationMs),
    acquireTime: new V1MicroTime(claim.now),
    renewTime: new V1MicroTime(claim.now),
    leaseTransitions: 0,
  },
});

/**
 * The spec after the claimant acquires or renews: a renewal keeps acquireTime and the
 * transition count, a takeover resets acquireTime and counts one more transition.
 */
export const claimedSpec = (current: V1LeaseSpec | undefined, claim: LeaseClaim): V1LeaseSpec => {
  const spec = current ?? {};
  const renewal = spec.holderIdentity === claim.identity;
  return {
    ...spec,
    holderIdentity: claim.identity,
    leaseDurationSeconds: seconds(claim.leaseDurationMs),
    renewTime: new V1MicroTime(claim.now),
    acquireTime: renewal && spec.acquireTime ? spec.acquireTime : new V1MicroTime(claim.now),
    leaseTransitions: renewal ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? -1) + 1,
  };
};

/** The spec after a graceful release: no holder, so any candidate may take it at once. */
export const releasedSpec = (current: V1LeaseSpec | undefined, now: number): V1LeaseSpec => ({
  ...current,
  holderIdentity: "",
  leaseDurationSeconds: 1,
  renewTime: new V1MicroTime(now),
});
