import { isNotFound } from "./api-errors.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { KubeObjectApi, ObjectRef } from "./kube-object-api.ts";
import { microTime } from "./micro-time.ts";
import type { KubernetesObject } from "./types.ts";

/** One event about an object. */
export type EventInput = {
  type: "Normal" | "Warning";
  /** CamelCase why, e.g. "Promoted". */
  reason: string;
  /** CamelCase what the controller did, e.g. "Reconcile", "Rollback". */
  action: string;
  /** Human-readable, at most 1 kB. */
  note?: string;
  related?: KubernetesObject;
};

/** Options of {@link EventRecorder}. */
export type EventRecorderOptions = {
  client: KubeObjectApi;
  /** e.g. "fincoach.dev/operator". */
  reportingController: string;
  /** This replica, e.g. the pod name. */
  reportingInstance: string;
  clock?: Clock;
  /** Repeats within this window update one Event's series instead of creating more. @default 360_000 (6 min) */
  seriesWindowMs?: number;
  /** Events are best effort: failures go here, never to the caller. */
  onError?: (error: unknown) => void;
};

type Series = { name: string; namespace: string; count: number; lastAt: number };

const MAX_TRACKED = 4096;

/**
 * Records `events.k8s.io/v1` Events (shown by `kubectl describe` and `kubectl get events`)
 * about objects. An identical event repeated within the series window patches the first
 * one's `series` (count, lastObservedTime) like client-go's recorder, so a crash-looping
 * reconcile does not flood etcd.
 */
export class EventRecorder {
  readonly #o: EventRecorderOptions;
  readonly #clock: Clock;
  readonly #series = new Map<string, Series>();

  constructor(options: EventRecorderOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Records an event about `regarding`; resolves once written (or failed, reported to onError). */
  async record(regarding: KubernetesObject, event: EventInput): Promise<void> {
    const now = this.#clock.now();
    const meta = regarding.metadata ?? {};
    const note = (event.note ?? "").slice(0, 1024);
    const key = [meta.uid ?? `${meta.namespace}/${meta.name}`, event.type, event.reason, event.action, note].join(
      "\u0000",
    );
    try {
      const seen = this.#series.get(key);
      if (seen && now - seen.lastAt <= (this.#o.seriesWindowMs ?? 360_000) && (await this.#repeat(key, seen, now)))
        return;
      const namespace = meta.namespace || "default";
      const suffix = Math.floor(Math.random() * 0x10000)
        .toString(16)
        .padStart(4, "0");
      const name = `${meta.name}.${now.toString(16)}${suffix}`;
      await this.#o.client.create({
        apiVersion: "events.k8s.io/v1",
        kind: "Event",
        metadata: { name, namespace },
        eventTime: microTime(now),
        reportingController: this.#o.reportingController,
        reportingInstance: this.#o.reportingInstance,
        type: event.type,
        reason: event.reason,
        action: event.action,
        note,
        regarding: reference(regarding),
        ...(event.related ? { related: reference(event.related) } : {}),
      } as KubernetesObject);
      this.#remember(key, { name, namespace, count: 1, lastAt: now });
    } catch (error) {
      this.#o.onError?.(error);
    }
  }

  // False when the first event is gone (events expire after an hour): record a new one.
  async #repeat(key: string, seen: Series, now: number): Promise<boolean> {
    const count = seen.count + 1;
    try {
      await this.#o.client.patch(
        {
          apiVersion: "events.k8s.io/v1",
          kind: "Event",
          metadata: { name: seen.name, namespace: seen.namespace },
          series: { count, lastObservedTime: microTime(now) },
        } as ObjectRef,
        { type: "merge" },
      );
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    this.#remember(key, { ...seen, count, lastAt: now });
    return true;
  }

  #remember(key: string, series: Series): void {
    this.#series.delete(key);
    this.#series.set(key, series);
    if (this.#series.size > MAX_TRACKED) this.#series.delete(this.#series.keys().next().value as string);
  }
}

const reference = (obj: KubernetesObject) => ({
  apiVersion: obj.apiVersion,
  kind: obj.kind,
  name: obj.metadata?.name,
  namespace: obj.metadata?.namespace,
  uid: obj.metadata?.uid,
  resourceVersion: obj.metadata?.resourceVersion,
});
