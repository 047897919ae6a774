import type { VersionStats, VersionWeight } from "@fincoach/contracts";
import type { ModelVersionSpec, ModelVersionStatus } from "@fincoach/crds";

/** One version of a model as the rollout sees it: identity, spec and current status. */
export type RolloutVersion = {
  /** metadata.name: also the name of its Deployment and Service. */
  name: string;
  generation: number;
  /** Creation order decides the first version and the queue of candidates. */
  creationTimestamp: string;
  spec: Pick<ModelVersionSpec, "model" | "version" | "rollout">;
  status?: ModelVersionStatus | undefined;
  /**
   * Whether its inference Deployment has an available replica. A candidate starts taking
   * traffic only once it has (Flagger waits for the canary the same way). @default true
   */
  available?: boolean | undefined;
};

/** The candidate's stats for one check: the body, or why there is none (counts as a failed check). */
export type StatsResult = { ok: true; stats: VersionStats } | { ok: false; error: string };

/** A Kubernetes Event the reconciler records about a version after writing its status. */
export type RolloutEvent = {
  name: string;
  type: "Normal" | "Warning";
  reason: string;
  note: string;
};

/** Input of {@link stepRollout}: every live (not deleting) version of one model. */
export type RolloutInput = {
  versions: readonly RolloutVersion[];
  now: Date;
  /** Stats fetched because a previous step returned `awaitingStats` for this version. */
  stats?: { name: string; result: StatsResult } | undefined;
};

/** A version this step moved to RolledBack, and the failed check's reason. */
export type Rollback = { name: string; reason: string };

/** What the stats source is asked for before a check can run. */
export type StatsRequest = { name: string; model: string; version: string; window: string };

/** Output of {@link stepRollout}. */
export type RolloutOutput = {
  /** The next status of every input version (unchanged ones included, deep-equal to before). */
  statuses: Map<string, ModelVersionStatus>;
  /** The model's entry in the traffic-weights ConfigMap: sums to 100, or empty when nothing serves. */
  weights: VersionWeight[];
  events: RolloutEvent[];
  /** When the next check falls due. */
  requeueAfterMs?: number | undefined;
  /** A check is due but needs stats: fetch them and step again with `stats`. */
  awaitingStats?: StatsRequest | undefined;
  /**
   * Versions this step rolls back (at most one: the candidate). A transition, not a state:
   * the next step from the written status reports none.
   */
  rollbacks: Rollback[];
};
