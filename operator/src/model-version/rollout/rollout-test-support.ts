import { buildVersionStats, type VersionWeight } from "@fincoach/contracts";
import type { ModelVersionSpec, ModelVersionStatus } from "@fincoach/crds";
import type { RolloutEvent, RolloutVersion, StatsResult } from "./rollout-types.ts";
import { stepRollout } from "./step-rollout.ts";

/** The rollout settings the tests use unless they say otherwise. */
export const ROLLOUT: ModelVersionSpec["rollout"] = {
  stepWeight: 20,
  maxWeight: 60,
  interval: "1m",
  threshold: 2,
  thresholds: { minSamples: 100, maxErrorRate: 0.05, maxLatencyP99Ms: 500 },
};

/** A version of model `categorizer` named after its version, created `minute` minutes after 00:00. */
export const version = (
  v: string,
  minute: number,
  rollout: Partial<ModelVersionSpec["rollout"]> = {},
): RolloutVersion => ({
  name: `categorizer-${v}`,
  generation: 1,
  creationTimestamp: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString().replace(".000", ""),
  spec: { model: "categorizer", version: v, rollout: { ...ROLLOUT, ...rollout } },
});

/** Stats of a healthy candidate unless overridden. */
export const stats = (o: Partial<{ predictions: number; errors: number; p99: number; fb: [number, number] }> = {}) =>
  ({
    ok: true,
    stats: buildVersionStats({
      model: "categorizer",
      version: "x",
      window: "1m",
      predictions: o.predictions ?? 500,
      errors: o.errors ?? 1,
      latencyP99Ms: o.p99 ?? 120,
      feedbackTotal: o.fb?.[0] ?? 10,
      feedbackAccepted: o.fb?.[1] ?? 9,
      now: new Date(0),
    }),
  }) satisfies StatsResult;

/**
 * Drives a model like the reconciler does: step, fetch stats when asked, step again, and
 * write the statuses back. Keeps every event and the last weights.
 */
export class ModelHarness {
  versions: RolloutVersion[];
  now: Date;
  events: RolloutEvent[] = [];
  /** Every rollback a step reported, in order (what the reconciler counts). */
  rollbacks: { name: string; reason: string }[] = [];
  weights: VersionWeight[] = [];
  requeueAfterMs: number | undefined;
  statsCalls: string[] = [];
  statsFor: (name: string) => StatsResult = () => stats();

  constructor(versions: RolloutVersion[], now = new Date(Date.UTC(2025, 0, 1, 1))) {
    this.versions = versions;
    this.now = now;
  }

  step(): void {
    let out = stepRollout({ versions: this.versions, now: this.now });
    if (out.awaitingStats) {
      const name = out.awaitingStats.name;
      this.statsCalls.push(name);
      out = stepRollout({ versions: this.versions, now: this.now, stats: { name, result: this.statsFor(name) } });
    }
    this.versions = this.versions.map((v) => ({ ...v, status: out.statuses.get(v.name) }));
    this.events.push(...out.events);
    this.rollbacks.push(...out.rollbacks);
    this.weights = out.weights;
    this.requeueAfterMs = out.requeueAfterMs;
  }

  /** Moves the clock by `ms` and steps. */
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
    this.step();
  }

  status(v: string): ModelVersionStatus {
    return this.versions.find((x) => x.spec.version === v)?.status ?? {};
  }

  phase(v: string): string | undefined {
    return this.status(v).phase;
  }

  weight(v: string): number | undefined {
    return this.weights.find((w) => w.version === v)?.weight;
  }

  condition(v: string, type: string) {
    return this.status(v).conditions?.find((c) => c.type === type);
  }

  reasons(): string[] {
    return this.events.map((e) => `${e.name.replace("categorizer-", "")}:${e.reason}`);
  }

  add(v: RolloutVersion): void {
    this.versions = [...this.versions, v];
  }

  remove(v: string): void {
    this.versions = this.versions.filter((x) => x.spec.version !== v);
  }

  /** A spec edit: bumps the generation like the apiserver does. */
  edit(v: string, rollout: Partial<ModelVersionSpec["rollout"]>): void {
    this.versions = this.versions.map((x) =>
      x.spec.version === v
        ? { ...x, generation: x.generation + 1, spec: { ...x.spec, rollout: { ...x.spec.rollout, ...rollout } } }
        : x,
    );
  }
}

export const MINUTE = 60_000;
