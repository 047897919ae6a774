import { randomUUID } from "node:crypto";
import type { ScheduleHandoff, ScheduleStatusReport } from "@fincoach/contracts";
import { type Db, syncJobs } from "@fincoach/db";
import { createJobQueue } from "@fincoach/jobs";
import { rfc3339 } from "@fincoach/kube";
import type { Logger } from "@fincoach/logging";
import { logErrors, safeError } from "@fincoach/logging";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Queue } from "bullmq";
import { inArray, sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { BeatMetrics } from "./beat-metrics.ts";
import { cancelPending } from "./cancel-pending.ts";
import { dueTick, nextTick, scheduleCron } from "./due-tick.ts";
import { enqueueRun } from "./enqueue-run.ts";
import { type ScheduleRegistry, scheduleKey } from "./schedule-registry.ts";
import { selectConnections } from "./select-connections.ts";
import { scheduledRunName } from "./sync-job-id.ts";
import { TickState } from "./tick-state.ts";

const tracer = trace.getTracer("@fincoach/beat");

/** What looking at one schedule came to. */
export type TickOutcome =
  | { outcome: "ran"; tick: Date; run: string; jobs: number }
  | { outcome: "nothing-due" | "suspended" }
  | { outcome: "missed-deadline" | "forbidden" | "leased-by-peer" | "already-run"; tick: Date };

export type BeatOptions = {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  registry: ScheduleRegistry;
  logger: Logger;
  metrics?: BeatMetrics;
  /** The clock ticks are judged by; tests pass a simulated one. */
  now?: () => Date;
  /** This replica's name in leases (default: a random id). */
  owner?: string;
  /** How long a replica holds a tick before a peer may take it over. @default 120 s */
  runLeaseMs?: number;
  /** Called with each schedule's status after every look (the ConfigMap writer in a cluster). */
  onStatus?: (schedule: ScheduleHandoff, report: ScheduleStatusReport) => Promise<void>;
};

/**
 * Turns schedules into runs. Any number of replicas may run side by side against one Redis
 * and PostgreSQL: a tick is leased in Redis so one replica enqueues it, the last handled tick
 * is remembered there (a restart neither repeats nor forgets one), and every row and job id
 * derives from the run, so even a repeated enqueue (a lease that expired mid-run) adds nothing.
 */
export class Beat {
  readonly #o: Required<Pick<BeatOptions, "now" | "owner" | "runLeaseMs">> & BeatOptions;
  readonly #state: TickState;
  readonly #queues = new Map<string, Queue>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  #recheckMs = 15_000;
  #unsubscribe: (() => void) | undefined;
  #known = new Set<string>();

  constructor(options: BeatOptions) {
    this.#o = { now: () => new Date(), owner: randomUUID(), runLeaseMs: 120_000, ...options };
    this.#state = new TickState(options.redis, options.redisPrefix);
  }

  /** The queue a schedule enqueues into (one producer per queue name, reused). */
  queueOf(schedule: Pick<ScheduleHandoff, "queue">): Queue {
    let queue = this.#queues.get(schedule.queue);
    if (!queue) {
      queue = createJobQueue("sync", {
        connection: this.#o.redis,
        redisPrefix: this.#o.redisPrefix,
        syncQueue: schedule.queue,
      });
      // An EventEmitter's unheard 'error' would crash the process (and npm start with it);
      // Redis outages are retried by ioredis and show up as failed rounds, so one
      // rate-limited line per queue is enough.
      logErrors(queue, this.#o.logger, "queue error", { queue: schedule.queue });
      this.#queues.set(schedule.queue, queue);
    }
    return queue;
  }

  /** Looks at every schedule once, at the clock's now; runs what is due. One failing schedule does not stop the others. */
  async evaluate(): Promise<Map<string, TickOutcome>> {
    const outcomes = new Map<string, TickOutcome>();
    for (const schedule of this.#o.registry.list()) {
      try {
        const outcome = await this.evaluateOne(schedule);
        outcomes.set(scheduleKey(schedule), outcome);
      } catch (error) {
        this.#o.logger.error({ schedule: scheduleKey(schedule), err: safeError(error) }, "schedule run failed");
      }
    }
    return outcomes;
  }

  /** Looks at one schedule at the clock's now. */
  async evaluateOne(s: ScheduleHandoff): Promise<TickOutcome> {
    const outcome = await this.#decide(s);
    this.#o.metrics?.ticks.inc({ namespace: s.namespace, schedule: s.name, outcome: outcome.outcome });
    if (outcome.outcome !== "nothing-due" && outcome.outcome !== "already-run")
      this.#o.logger.info(
        { schedule: scheduleKey(s), ...outcome, ...("tick" in outcome ? { tick: outcome.tick.toISOString() } : {}) },
        `schedule ${outcome.outcome}`,
      );
    return outcome;
  }

  async #decide(s: ScheduleHandoff): Promise<TickOutcome> {
    const now = this.#o.now();
    const state = await this.#state.read(s, now);
    // While suspended, ticks are not handled: on resuming, the latest one still within its
    // deadline runs, as a CronJob does.
    if (s.suspend) return { outcome: "suspended" };
    const since = new Date(Math.max(state.lastTick ?? 0, state.firstSeen ?? now.getTime()));
    const due = dueTick(scheduleCron(s), { since, now, startingDeadlineSeconds: s.startingDeadlineSeconds });
    if (due.missed) {
      await this.#state.raise(s, "lastTick", due.missed.getTime());
      return { outcome: "missed-deadline", tick: due.missed };
    }
    if (!due.run) return { outcome: "nothing-due" };
    const tick = due.run;
    const run = scheduledRunName(s, tick);
    if (!(await this.#state.lease(s.namespace, run, this.#o.owner, this.#o.runLeaseMs)))
      return { outcome: "leased-by-peer", tick };
    try {
      // A peer may have finished this tick between our read and our lease.
      const again = await this.#state.read(s, now);
      if ((again.lastTick ?? 0) >= tick.getTime()) return { outcome: "already-run", tick };
      const queue = this.queueOf(s);
      if (s.concurrencyPolicy === "Forbid" && (await runActive(queue))) {
        await this.#state.raise(s, "lastTick", tick.getTime());
        return { outcome: "forbidden", tick };
      }
      const stopTimer = this.#o.metrics?.runSeconds.startTimer();
      if (s.concurrencyPolicy === "Replace") {
        const cancelled = await cancelPending(this.#o.db, queue, run);
        if (cancelled > 0) this.#o.logger.info({ schedule: scheduleKey(s), run, cancelled }, "replaced pending jobs");
      }
      // The run's span: each job carries it, so the worker's spans join the tick's trace.
      const result = await tracer.startActiveSpan(
        `beat run ${scheduleKey(s)}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: { "messaging.system": "bullmq", "messaging.destination.name": s.queue, "beat.run": run },
        },
        async (span) => {
          try {
            const connections = await selectConnections(this.#o.db, s);
            const enqueued = await enqueueRun({ db: this.#o.db, queue, namespace: s.namespace, run, connections });
            span.setAttribute("beat.jobs", enqueued.jobs);
            return enqueued;
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            throw error;
          } finally {
            span.end();
          }
        },
      );
      await this.#state.saveRunRows(s, tick.getTime(), result.rowIds);
      await this.#state.raise(s, "lastRun", tick.getTime());
      await this.#state.raise(s, "lastTick", tick.getTime());
      stopTimer?.();
      this.#o.metrics?.jobsEnqueued.inc({ namespace: s.namespace, schedule: s.name }, result.jobs);
      return { outcome: "ran", tick, run, jobs: result.jobs };
    } finally {
      await this.#state.release(s.namespace, run, this.#o.owner);
    }
  }

  /** The schedule's status as the operator reads it back (see ScheduleStatusReport). */
  async status(s: ScheduleHandoff): Promise<ScheduleStatusReport> {
    const now = this.#o.now();
    const state = await this.#state.read(s, now);
    const lastSuccess = await this.#lastSuccess(s, state.lastRun, state.decidedRun, state.lastSuccess);
    const counts = await this.queueOf(s).getJobCounts("active", "waiting", "prioritized");
    return {
      namespace: s.namespace,
      name: s.name,
      uid: s.uid,
      observedGeneration: s.generation,
      lastScheduleTime: state.lastRun ? rfc3339(state.lastRun) : null,
      lastSuccessfulTime: lastSuccess ? rfc3339(lastSuccess) : null,
      active: counts.active ?? 0,
      queued: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      updatedAt: rfc3339(now),
    };
  }

  /**
   * The last run counts as successful once every one of its rows is completed (rows of
   * connections deleted since are gone and not waited for); decided once per run.
   */
  async #lastSuccess(
    s: ScheduleHandoff,
    lastRun: number | null,
    decidedRun: number | null,
    lastSuccess: number | null,
  ): Promise<number | null> {
    if (lastRun === null || decidedRun === lastRun) return lastSuccess;
    const rows = await this.#state.runRows(s);
    if (!rows || rows.tick !== lastRun) return lastSuccess;
    let total = 0;
    let completed = 0;
    let failed = 0;
    let finished = 0;
    for (let i = 0; i < rows.rowIds.length; i += 5000) {
      const [r] = await this.#o.db
        .select({
          total: sql<number>`count(*)::int`,
          completed: sql<number>`count(*) filter (where ${syncJobs.status} = 'completed')::int`,
          failed: sql<number>`count(*) filter (where ${syncJobs.status} = 'failed')::int`,
          // Epoch ms: a raw max() comes back as Postgres' text form, which Date does not parse.
          finished: sql<number | null>`(extract(epoch from max(${syncJobs.finishedAt})) * 1000)::float8`,
        })
        .from(syncJobs)
        .where(inArray(syncJobs.id, rows.rowIds.slice(i, i + 5000)));
      total += r?.total ?? 0;
      completed += r?.completed ?? 0;
      failed += r?.failed ?? 0;
      if (r?.finished) finished = Math.max(finished, Number(r.finished));
    }
    if (completed + failed < total) return lastSuccess;
    await this.#state.raise(s, "decidedRun", lastRun);
    if (failed > 0 || total === 0) return lastSuccess;
    await this.#state.raise(s, "lastSuccess", finished);
    return Math.max(finished, lastSuccess ?? 0);
  }

  /** Evaluates, refreshes statuses and metrics; errors are logged, never thrown. */
  async #round(): Promise<void> {
    await this.evaluate();
    const now = this.#o.now();
    const current = new Set<string>();
    for (const s of this.#o.registry.list()) {
      const labels = { namespace: s.namespace, schedule: s.name };
      current.add(JSON.stringify(labels));
      try {
        const report = await this.status(s);
        const m = this.#o.metrics;
        if (m) {
          if (report.lastScheduleTime) m.lastScheduleTime.set(labels, Date.parse(report.lastScheduleTime) / 1000);
          const next = s.suspend ? null : nextTick(scheduleCron(s), now);
          if (next) m.nextScheduleTime.set(labels, next.getTime() / 1000);
          else m.nextScheduleTime.remove(labels);
          m.queued.set(labels, report.queued);
          m.active.set(labels, report.active);
        }
        await this.#o.onStatus?.(s, report);
      } catch (error) {
        this.#o.logger.warn({ schedule: scheduleKey(s), err: safeError(error) }, "status report failed");
      }
    }
    for (const gone of [...this.#known].filter((k) => !current.has(k))) {
      const labels = JSON.parse(gone) as { namespace: string; schedule: string };
      for (const g of [this.#o.metrics?.lastScheduleTime, this.#o.metrics?.nextScheduleTime]) g?.remove(labels);
      for (const g of [this.#o.metrics?.queued, this.#o.metrics?.active]) g?.remove(labels);
    }
    this.#known = current;
  }

  /** The earliest next tick of any schedule (to sleep until), or null. */
  #nextWake(): number | null {
    const now = this.#o.now();
    let earliest: number | null = null;
    for (const s of this.#o.registry.list()) {
      if (s.suspend) continue;
      const next = nextTick(scheduleCron(s), now)?.getTime();
      if (next !== undefined && (earliest === null || next < earliest)) earliest = next;
    }
    return earliest;
  }

  /** Runs rounds at every tick and every `recheckMs` (a peer's abandoned lease, fresh status), and at once when schedules change. */
  start(recheckMs = 15_000): void {
    this.#stopped = false;
    this.#recheckMs = recheckMs;
    this.#unsubscribe = this.#o.registry.onChange(() => this.#poke());
    this.#poke();
  }

  #poke(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = this.#round()
      .catch((error) => this.#o.logger.error({ err: safeError(error) }, "beat round failed"))
      .finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.#poke();
          return;
        }
        const next = this.#nextWake();
        const ms = Math.min(this.#recheckMs, next === null ? this.#recheckMs : Math.max(0, next - Date.now()) + 50);
        this.#timer = setTimeout(() => this.#poke(), ms);
      });
  }

  /** True once start() ran its first round. */
  get started(): boolean {
    return !this.#stopped;
  }

  /** Stops the loop (a run in progress finishes) and closes the queues. */
  async close(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    await Promise.allSettled([...this.#queues.values()].map((q) => q.close()));
  }
}

/** Forbid: a run is active while its queue holds jobs waiting, delayed (retrying) or running. */
const runActive = async (queue: Queue): Promise<boolean> => {
  const c = await queue.getJobCounts("active", "waiting", "prioritized", "delayed");
  return Object.values(c).some((n) => n > 0);
};
