import { microTime } from "./micro-time.ts";

/** A `coordination.k8s.io/v1` Lease as JSON (times are MicroTime strings). */
export type Lease = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: LeaseSpec;
};
export type LeaseSpec = {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
};

/** The election record as client-go writes it; times as MicroTime (6 fraction digits). */
export type LeaseClaim = { identity: string; leaseDurationMs: number; now: number };

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** A new Lease held by the claimant. */
export const newLease = (namespace: string, name: string, claim: LeaseClaim): Lease => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name, namespace },
  spec: {
    holderIdentity: claim.identity,
    leaseDurationSeconds: seconds(claim.leaseDurationMs),
    acquireTime: microTime(claim.now),
    renewTime: microTime(claim.now),
    leaseTransitions: 0,
  },
});

/**
 * The spec after the claimant acquires or renews: a renewal keeps acquireTime and the
 * transition count, a takeover resets acquireTime and counts one more transition.
 */
export const claimedSpec = (current: LeaseSpec | undefined, claim: LeaseClaim): LeaseSpec => {
  const spec = current ?? {};
  const renewal = spec.holderIdentity === claim.identity;
  return {
    ...spec,
    holderIdentity: claim.identity,
    leaseDurationSeconds: seconds(claim.leaseDurationMs),
    renewTime: microTime(claim.now),
    acquireTime: renewal && spec.acquireTime ? spec.acquireTime : microTime(claim.now),
    leaseTransitions: renewal ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? -1) + 1,
  };
};

/** The spec after a graceful release: no holder, so any candidate may take it at once. */
export const releasedSpec = (current: LeaseSpec | undefined, now: number): LeaseSpec => ({
  ...current,
  holderIdentity: "",
  leaseDurationSeconds: 1,
  renewTime: microTime(now),
});
