import { isAlreadyExists, isConflict } from "./api-errors.ts";
import { type Clock, sleep, systemClock } from "./clock.ts";
import type { LeaseClient } from "./lease-client.ts";
import { claimedSpec, type Lease, type LeaseClaim, newLease, releasedSpec } from "./lease-spec.ts";

/** Options of {@link LeaderElector}; durations default to client-go's. */
export type LeaderElectorOptions = {
  client: LeaseClient;
  namespace: string;
  /** The Lease's name, shared by every replica. */
  name: string;
  /** Unique per replica (e.g. the pod name). */
  identity: string;
  /** How long a standby waits, after it last saw the lease change, before taking it. @default 15_000 */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a failed renewal before it gives up leading. @default 10_000 */
  renewDeadlineMs?: number;
  /** Pause between attempts (jittered up to 2.2x while acquiring). @default 2_000 */
  retryPeriodMs?: number;
  clock?: Clock;
  random?: () => number;
  /** Called on becoming leader; `signal` aborts when leadership ends. */
  onStartedLeading?: (signal: AbortSignal) => void | Promise<void>;
  /**
   * Called (and awaited) when leadership ends, before a release: `lost` when renewals failed
   * for `renewDeadline` (another replica may lead soon), `stopped` on `stop()`.
   */
  onStoppedLeading?: (reason: LeadershipEnd) => void | Promise<void>;
  /** Called when the observed holder changes (self included). */
  onNewLeader?: (identity: string) => void;
  onError?: (error: unknown) => void;
};

/** Why leadership ended. */
export type LeadershipEnd = "lost" | "stopped";

const JITTER = 1.2;

/**
 * Leader election on a `coordination.k8s.io/v1` Lease with client-go's semantics: a
 * candidate takes the lease when it is free (empty holder) or has not changed for
 * `leaseDuration` by the candidate's own monotonic clock (no trust in `renewTime` across
 * machines, and no wall-clock step can expire a lease early or keep it alive); every
 * write is a `replace` carrying the read resourceVersion, so of two racing candidates the
 * apiserver lets one win and answers the other 409. The leader renews every `retryPeriod`
 * and steps down if it cannot renew within `renewDeadline`; `stop()` releases the lease
 * (empty holder) so a standby takes over at once.
 */
export class LeaderElector {
  readonly #o: Required<Pick<LeaderElectorOptions, "leaseDurationMs" | "renewDeadlineMs" | "retryPeriodMs">> &
    LeaderElectorOptions;
  readonly #clock: Clock;
  readonly #stop = new AbortController();
  #lease: Lease | undefined;
  #observedRaw = "";
  #observedAt = 0;
  #leader: string | undefined;
  #leading = false;
  #loop: Promise<void> | undefined;

  constructor(options: LeaderElectorOptions) {
    this.#o = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, ...options };
    this.#clock = options.clock ?? systemClock;
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = this.#o;
    if (!(leaseDurationMs > renewDeadlineMs)) throw new Error("LeaderElector: leaseDuration must exceed renewDeadline");
    if (!(renewDeadlineMs > JITTER * retryPeriodMs))
      throw new Error("LeaderElector: renewDeadline must exceed 1.2 x retryPeriod");
  }

  /** Whether this replica holds the lease right now. */
  isLeader(): boolean {
    return this.#leading;
  }

  /** The holder last observed on the lease ("" when released). */
  getLeader(): string | undefined {
    return this.#leader;
  }

  /** Campaigns, leads, and campaigns again after losing the lease, until `stop()`. */
  run(): Promise<void> {
    this.#loop ??= this.#campaign();
    return this.#loop;
  }

  /** Stops campaigning or leading; by default releases a held lease for a fast handover. */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.#stop.abort();
    await this.#loop;
    if (options.release ?? true) await this.#release();
  }

  /** Gracefully steps down: stops and clears the holder so a standby takes over at once. */
  release(): Promise<void> {
    return this.stop({ release: true });
  }

  async #campaign(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      if (await this.#tryAcquireOrRenew()) await this.#lead();
      else await sleep(this.#clock, this.#o.retryPeriodMs * (1 + JITTER * (this.#o.random ?? Math.random)()), signal);
    }
  }

  async #lead(): Promise<void> {
    const signal = this.#stop.signal;
    const leadership = new AbortController();
    this.#leading = true;
    void this.#call(() => this.#o.onStartedLeading?.(leadership.signal));
    const clock = this.#clock;
    let lastRenew = clock.monotonic();
    while (!signal.aborted) {
      await sleep(clock, this.#o.retryPeriodMs, signal);
      if (signal.aborted) break;
      const remaining = this.#o.renewDeadlineMs - (clock.monotonic() - lastRenew);
      const renewed = remaining > 0 && (await this.#withDeadline(this.#tryAcquireOrRenew(), remaining));
      if (renewed) lastRenew = clock.monotonic();
      else if (clock.monotonic() - lastRenew >= this.#o.renewDeadlineMs) break;
    }
    this.#leading = false;
    leadership.abort();
    const reason: LeadershipEnd = signal.aborted ? "stopped" : "lost";
    await this.#call(() => this.#o.onStoppedLeading?.(reason));
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const now = this.#clock.monotonic();
    try {
      // The leader writes over its last copy first: one request per renewal, not two; but only
      // a copy it holds, or a leader that has seen another holder would overwrite them.
      const own = this.#lease?.spec?.holderIdentity === this.#o.identity ? this.#lease : undefined;
      if (this.#leading && own && (await this.#write(own, now))) return true;
      const lease = await this.#o.client.get(this.#o.namespace, this.#o.name);
      if (!lease) return await this.#create(now);
      this.#observe(lease, now);
      const spec = lease.spec ?? {};
      const holder = spec.holderIdentity ?? "";
      const durationMs = (spec.leaseDurationSeconds ?? 0) * 1000;
      if (holder && holder !== this.#o.identity && this.#observedAt + durationMs > now) return false;
      return await this.#write(lease, now);
    } catch (error) {
      this.#o.onError?.(error);
      return false;
    }
  }

  // Replace with the read resourceVersion: a 409 means another candidate wrote first.
  async #write(lease: Lease, now: number): Promise<boolean> {
    const next = claimedSpec(lease.spec, this.#claim());
    try {
      this.#observe(await this.#o.client.replace({ ...lease, spec: next }), now);
      return true;
    } catch (error) {
      if (!isConflict(error)) throw error;
      this.#lease = undefined;
      return false;
    }
  }

  async #create(now: number): Promise<boolean> {
    const body = newLease(this.#o.namespace, this.#o.name, this.#claim());
    try {
      this.#observe(await this.#o.client.create(body), now);
      return true;
    } catch (error) {
      if (isAlreadyExists(error)) return false;
      throw error;
    }
  }

  async #release(): Promise<void> {
    const lease = this.#lease;
    if (!lease || lease.spec?.holderIdentity !== this.#o.identity) return;
    try {
      const released = { ...lease, spec: releasedSpec(lease.spec, this.#clock.now()) };
      this.#observe(await this.#o.client.replace(released), this.#clock.monotonic());
    } catch (error) {
      // A 409 here means someone else already holds it: nothing left to release.
      if (!isConflict(error)) this.#o.onError?.(error);
    }
  }

  // The record's times are wall time, for people and other clients to read; nothing here
  // decides by them.
  #claim(): LeaseClaim {
    return { identity: this.#o.identity, leaseDurationMs: this.#o.leaseDurationMs, now: this.#clock.now() };
  }

  /** `now` is monotonic: when this replica last saw the record change. */
  #observe(lease: Lease, now: number): void {
    this.#lease = lease;
    const raw = JSON.stringify(lease.spec ?? {});
    if (raw !== this.#observedRaw) {
      this.#observedRaw = raw;
      this.#observedAt = now;
    }
    const holder = lease.spec?.holderIdentity ?? "";
    if (holder !== this.#leader) {
      this.#leader = holder;
      if (holder) void this.#call(() => this.#o.onNewLeader?.(holder));
    }
  }

  #withDeadline(attempt: Promise<boolean>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => resolve(false), ms);
      void attempt.then((ok) => {
        this.#clock.clearTimeout(timer);
        resolve(ok);
      });
    });
  }

  async #call(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.#o.onError?.(error);
    }
  }
}
