import { type Clock, systemClock, type TimerHandle } from "./clock.ts";
import { objectKey, parseObjectKey } from "./object-key.ts";
import type { ResilientInformer } from "./resilient-informer.ts";
import type { KubernetesObject } from "./types.ts";
import { type ReconcileOutcome, WorkQueue, type WorkQueueOptions } from "./work-queue.ts";

/** What a reconcile is asked about: the primary object's key (it may no longer exist). */
export type ReconcileRequest = { key: string; namespace: string; name: string };

/** Children whose controller ownerReference points at a primary object enqueue that owner. */
export type OwnedInformer = {
  // biome-ignore lint/suspicious/noExplicitAny: children of any kind share this shape
  informer: ResilientInformer<any>;
  ownerKind: string;
  /** Checked on the group only, so a version bump keeps matching. */
  ownerApiVersion?: string;
};

/** Any other informer, mapped to the primary keys it affects. */
export type WatchedInformer = {
  // biome-ignore lint/suspicious/noExplicitAny: any kind can be watched
  informer: ResilientInformer<any>;
  map: (obj: KubernetesObject) => string[];
};

/** Options of {@link createController}. */
export type ControllerOptions<P extends KubernetesObject> = {
  /** Names the queue in metrics and logs. */
  name: string;
  primary: ResilientInformer<P>;
  owns?: OwnedInformer[];
  watches?: WatchedInformer[];
  /** Skips primary updates for which it returns false (e.g. {@link generationChanged}). */
  updatePredicate?: (obj: P, old: P | undefined) => boolean;
  reconcile: (request: ReconcileRequest) => Promise<ReconcileOutcome>;
  /** Parallel reconciles (never two on one key). @default 2 */
  workers?: number;
  /** Re-enqueue every primary key this often; 0 disables. @default 600_000 (10 min) */
  resyncPeriodMs?: number;
  /** Time allowed for every informer's first sync on `start()`. @default 60_000 */
  syncTimeoutMs?: number;
  queue?: Omit<WorkQueueOptions, "clock">;
  clock?: Clock;
  /** Told about every failed reconcile (it is then retried with backoff). */
  onError?: (request: ReconcileRequest, error: unknown) => void;
};

/** A running controller; start it when leading, stop it when leadership is lost. */
export type Controller = {
  readonly name: string;
  /** The current queue (a new one per `start()`). */
  readonly queue: WorkQueue;
  isRunning(): boolean;
  /** Starts the informers (idempotent), waits for their sync, enqueues every primary and runs the workers. */
  start(): Promise<void>;
  /** Stops taking keys and resolves once in-flight reconciles are done; informers keep running. */
  stop(): Promise<void>;
};

/** An update predicate passing spec changes (generation), deletions in progress and label/annotation edits. */
export const generationChanged = (obj: KubernetesObject, old: KubernetesObject | undefined): boolean =>
  !old ||
  obj.metadata?.generation !== old.metadata?.generation ||
  obj.metadata?.deletionTimestamp !== old.metadata?.deletionTimestamp ||
  JSON.stringify(obj.metadata?.labels) !== JSON.stringify(old.metadata?.labels) ||
  JSON.stringify(obj.metadata?.annotations) !== JSON.stringify(old.metadata?.annotations);

/** The owner keys a child maps to through its controller ownerReference. */
export const ownerKeys = (child: KubernetesObject, ownerKind: string, ownerApiVersion?: string): string[] => {
  const group = (v: string) => (v.includes("/") ? v.split("/")[0] : "");
  const ref = child.metadata?.ownerReferences?.find(
    (r) =>
      r.controller === true &&
      r.kind === ownerKind &&
      (!ownerApiVersion || group(r.apiVersion) === group(ownerApiVersion)),
  );
  if (!ref) return [];
  const namespace = child.metadata?.namespace;
  return [namespace ? `${namespace}/${ref.name}` : ref.name];
};

/**
 * Glues informers to a {@link WorkQueue}: primary events enqueue the object's key, owned
 * children enqueue their owner, resync re-enqueues every primary key periodically (so
 * drift and missed events heal), and `workers` loops call `reconcile` per key.
 */
export const createController = <P extends KubernetesObject>(options: ControllerOptions<P>): Controller => {
  const clock = options.clock ?? systemClock;
  const informers = [
    options.primary,
    ...(options.owns ?? []).map((o) => o.informer),
    ...(options.watches ?? []).map((w) => w.informer),
  ];
  const newQueue = () => new WorkQueue({ ...options.queue, clock });
  let queue = newQueue();
  let running = false;
  let unsubscribe: Array<() => void> = [];
  let resyncTimer: TimerHandle | undefined;
  let workers: Promise<void> = Promise.resolve();

  const enqueue = (keys: string[]) => {
    for (const key of keys) queue.add(key);
  };
  const subscribe = (informer: ResilientInformer<KubernetesObject>, map: (obj: KubernetesObject) => string[]) => [
    informer.onAdd((obj) => enqueue(map(obj))),
    informer.onUpdate((obj, old) => enqueue([...new Set([...map(obj), ...(old ? map(old) : [])])])),
    informer.onDelete((obj) => enqueue(map(obj))),
  ];
  const scheduleResync = () => {
    const period = options.resyncPeriodMs ?? 600_000;
    if (period <= 0 || !running) return;
    resyncTimer = clock.setTimeout(() => {
      enqueue(options.primary.keys());
      scheduleResync();
    }, period);
  };
  const subscribeAll = () => [
    options.primary.onAdd((obj) => queue.add(objectKey(obj))),
    options.primary.onUpdate((obj, old) => {
      if (!options.updatePredicate || options.updatePredicate(obj, old)) queue.add(objectKey(obj));
    }),
    options.primary.onDelete((obj) => queue.add(objectKey(obj))),
    ...(options.owns ?? []).flatMap((o) =>
      subscribe(o.informer, (obj) => ownerKeys(obj, o.ownerKind, o.ownerApiVersion)),
    ),
    ...(options.watches ?? []).flatMap((w) => subscribe(w.informer, w.map)),
  ];
  const reconcile = (key: string) => options.reconcile({ key, ...parseObjectKey(key) });
  const onError = (key: string, error: unknown) => options.onError?.({ key, ...parseObjectKey(key) }, error);

  return {
    name: options.name,
    get queue() {
      return queue;
    },
    isRunning: () => running,
    async start() {
      if (running) throw new Error(`controller ${options.name} is already running`);
      running = true;
      queue = newQueue();
      unsubscribe = subscribeAll();
      try {
        await Promise.all(informers.map((i) => i.start()));
        await Promise.all(informers.map((i) => i.waitForSync(options.syncTimeoutMs ?? 60_000)));
      } catch (error) {
        running = false;
        for (const off of unsubscribe.splice(0)) off();
        queue.shutDown();
        throw error;
      }
      if (!running) return;
      enqueue(options.primary.keys());
      scheduleResync();
      workers = queue.runWorkers(options.workers ?? 2, reconcile, onError);
    },
    async stop() {
      if (!running) return;
      running = false;
      if (resyncTimer) clock.clearTimeout(resyncTimer);
      for (const off of unsubscribe.splice(0)) off();
      queue.shutDown();
      await workers;
    },
  };
};
