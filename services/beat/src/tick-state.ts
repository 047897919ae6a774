import type { ScheduleHandoff } from "@fincoach/contracts";
import type { Redis } from "ioredis";

// Raises a hash field to ARGV[2] if that is higher: two replicas finishing the same or
// different ticks in any order leave the latest one.
const RAISE = `
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 end
return 0`;

// Deletes the lease only if it is still ours (a peer may hold it after ours expired).
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** What Redis remembers about one schedule (per uid: a re-created schedule starts afresh). */
export type ScheduleState = {
  /** When beat first saw this schedule: ticks before it are not owed. */
  firstSeen: number | null;
  /** The latest tick handled (run, or skipped for Forbid). */
  lastTick: number | null;
  /** The latest tick a run was started for (lastScheduleTime). */
  lastRun: number | null;
  /** When the last run whose jobs all completed finished (lastSuccessfulTime). */
  lastSuccess: number | null;
  /** The run whose outcome was last decided (so a finished run is looked at once). */
  decidedRun: number | null;
};

const FIELDS = ["firstSeen", "lastTick", "lastRun", "lastSuccess", "decidedRun"] as const;

/**
 * Beat's memory in Redis, shared by its replicas and surviving restarts: per schedule the
 * last tick handled, and short leases on a tick so replicas do not run it side by side.
 */
export class TickState {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, redisPrefix: string) {
    this.#redis = redis;
    this.#prefix = `${redisPrefix}beat:`;
  }

  #key(s: Pick<ScheduleHandoff, "namespace" | "name" | "uid">): string {
    return `${this.#prefix}schedule:${s.namespace}/${s.name}/${s.uid}`;
  }

  #runsKey(s: Pick<ScheduleHandoff, "namespace" | "name" | "uid">): string {
    return `${this.#key(s)}:last-run-rows`;
  }

  /** Reads the state, recording `now` as first seen if this is the first look. */
  async read(s: Pick<ScheduleHandoff, "namespace" | "name" | "uid">, now: Date): Promise<ScheduleState> {
    const key = this.#key(s);
    const [, values] = (await this.#redis
      .multi()
      .hsetnx(key, "firstSeen", String(now.getTime()))
      .hmget(key, ...FIELDS)
      .exec()) as [unknown, [null, (string | null)[]]];
    const v = values[1];
    const num = (i: number) => (v[i] == null ? null : Number(v[i]));
    return { firstSeen: num(0), lastTick: num(1), lastRun: num(2), lastSuccess: num(3), decidedRun: num(4) };
  }

  /** Raises `field` to `value` (never lowers it). */
  async raise(s: Pick<ScheduleHandoff, "namespace" | "name" | "uid">, field: (typeof FIELDS)[number], value: number) {
    await this.#redis.eval(RAISE, 1, this.#key(s), field, String(value));
  }

  /** Takes the lease on run `run` for `ms`; false if a peer holds it. */
  async lease(namespace: string, run: string, owner: string, ms: number): Promise<boolean> {
    return (await this.#redis.set(`${this.#prefix}lease:${namespace}/${run}`, owner, "PX", ms, "NX")) === "OK";
  }

  async release(namespace: string, run: string, owner: string): Promise<void> {
    await this.#redis.eval(RELEASE, 1, `${this.#prefix}lease:${namespace}/${run}`, owner);
  }

  /** Remembers the rows of the latest run (to tell later whether it succeeded); kept a week. */
  async saveRunRows(s: Pick<ScheduleHandoff, "namespace" | "name" | "uid">, tick: number, rowIds: readonly string[]) {
    await this.#redis.set(this.#runsKey(s), JSON.stringify({ tick, rowIds }), "EX", 7 * 24 * 3600);
  }

  async runRows(
    s: Pick<ScheduleHandoff, "namespace" | "name" | "uid">,
  ): Promise<{ tick: number; rowIds: string[] } | null> {
    const raw = await this.#redis.get(this.#runsKey(s));
    return raw ? (JSON.parse(raw) as { tick: number; rowIds: string[] }) : null;
  }
}
