import { exponentialBackoff } from "./backoff.ts";
import type { CacheTransform } from "./cache-transform.ts";
import type { KubeConnection } from "./client/kube-connection.ts";
import { KubeHttp } from "./client/kube-http.ts";
import { ListWatch } from "./client/list-watch.ts";
import { type Clock, systemClock, type TimerHandle } from "./clock.ts";
import { InformerHandlers, type UpdateHandler } from "./informer-handlers.ts";
import { KubeObjectApi, resourcePath } from "./kube-object-api.ts";
import { objectKey, parseObjectKey } from "./object-key.ts";
import type { KubernetesListObject, KubernetesObject } from "./types.ts";

/** The list + watch + cache this class keeps alive ({@link ListWatch}, or a fake in tests). */
export type InnerInformer<T extends KubernetesObject> = Pick<ListWatch<T>, "on" | "start" | "stop" | "get" | "list">;

/** Options of {@link ResilientInformer}. */
export type InformerOptions<T extends KubernetesObject> = {
  /** Where and as whom; informers of one connection share its connection pool. */
  connection: KubeConnection;
  /** e.g. "v1", "apps/v1", "fincoach.dev/v1alpha1". */
  apiVersion: string;
  /** Lower-case plural resource name, e.g. "configmaps". */
  plural: string;
  /** Watch one namespace; all namespaces when omitted. */
  namespace?: string;
  labelSelector?: string;
  clock?: Clock;
  /** Delay before the n-th consecutive restart. @default 500 ms doubling to 30 s */
  backoff?: (attempt: number) => number;
  /** Told about every failure of the list/watch (or a handler), with the restart delay. */
  onError?: (error: unknown, restartInMs?: number) => void;
  /**
   * Applied to every listed and watched object before it is cached or handed to handlers,
   * to keep only what the controllers read (e.g. {@link stripManagedFields}); the cache
   * then holds the transformed objects only. A custom `makeInner` gets the transformed
   * list; its watch events are its own.
   */
  // biome-ignore lint/suspicious/noExplicitAny: it gets the apiserver's JSON, whatever the kind's full type
  transform?: CacheTransform<T, any>;
  /** Builds the inner informer; tests pass a fake. @default {@link ListWatch} */
  makeInner?: (path: string, list: () => Promise<KubernetesListObject<T>>, labelSelector?: string) => InnerInformer<T>;
};

/**
 * A {@link ListWatch} kept running: it relists by itself on 410 Gone, but stops on any
 * other error (apiserver restarts included), so every error schedules `start()` again after
 * a capped exponential backoff, resuming the watch from the last resourceVersion (a 410
 * there relists, emitting deletes for objects that vanished meanwhile). The cache survives
 * restarts; handlers are called once per change, updates with the previous object.
 */
export class ResilientInformer<T extends KubernetesObject> {
  readonly path: string;
  readonly #inner: InnerInformer<T>;
  readonly #clock: Clock;
  readonly #backoff: (attempt: number) => number;
  readonly #onError: (error: unknown, restartInMs?: number) => void;
  readonly #handlers: InformerHandlers<T>;
  #synced = false;
  #running = false;
  #starting: Promise<void> | undefined;
  #failures = 0;
  #failedSinceStart = false;
  #restartTimer: TimerHandle | undefined;
  #syncWaiters: Array<() => void> = [];

  constructor(options: InformerOptions<T>) {
    this.path = resourcePath(options);
    this.#clock = options.clock ?? systemClock;
    this.#backoff = options.backoff ?? exponentialBackoff({ baseMs: 500, maxMs: 30_000 });
    this.#onError = options.onError ?? (() => {});
    this.#handlers = new InformerHandlers<T>((error) => this.#onError(error));
    const http = new KubeHttp(options.connection);
    const api = new KubeObjectApi(http, options.connection.namespace);
    const { transform, labelSelector } = options;
    const list = async () => {
      const page = await api.listRaw<T>(this.path, { labelSelector });
      return transform ? { ...page, items: page.items.map(transform) } : page;
    };
    this.#inner = options.makeInner
      ? options.makeInner(this.path, list, labelSelector)
      : new ListWatch<T>({ http, path: this.path, list, labelSelector, transform });
    this.#inner.on("add", (obj) => this.#handlers.emit(obj, "add"));
    this.#inner.on("update", (obj, old) => this.#handlers.emit(obj, "update", old));
    this.#inner.on("delete", (obj) => this.#handlers.emit(obj, "delete"));
    this.#inner.on("error", (error) => this.#failed(error));
  }

  /** Starts listing and watching (idempotent); resolves after the first attempt. */
  start(): Promise<void> {
    if (this.#running) return this.#starting ?? Promise.resolve();
    this.#running = true;
    this.#starting = this.#attempt();
    return this.#starting;
  }

  /** Stops watching; the cache and handlers stay, `start()` resumes. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#restartTimer) this.#clock.clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    await this.#inner.stop();
  }

  /** True once a first list has filled the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves once synced; rejects after `timeoutMs` (default: waits forever). */
  waitForSync(timeoutMs?: number): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : this.#clock.setTimeout(
              () => reject(new Error(`informer ${this.path}: not synced after ${timeoutMs} ms`)),
              timeoutMs,
            );
      this.#syncWaiters.push(() => {
        if (timer) this.#clock.clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The cached object; `namespace` omitted or "" for cluster-scoped ones. */
  get(name: string, namespace?: string): T | undefined {
    return this.#inner.get(name, namespace || undefined);
  }

  /** The cached object under a `namespace/name` key. */
  getByKey(key: string): T | undefined {
    const { namespace, name } = parseObjectKey(key);
    return this.get(name, namespace);
  }

  /** Cached objects, of one namespace or all. */
  list(namespace?: string): readonly T[] {
    return this.#inner.list(namespace);
  }

  /** Keys of every cached object. */
  keys(): string[] {
    return this.list().map(objectKey);
  }

  /** Registers a handler; returns its removal. */
  onAdd(handler: (obj: T) => void): () => void {
    return this.#handlers.onAdd(handler);
  }

  /** Registers a handler called with the new and the previous object; returns its removal. */
  onUpdate(handler: UpdateHandler<T>): () => void {
    return this.#handlers.onUpdate(handler);
  }

  /** Registers a handler called with the last known state; returns its removal. */
  onDelete(handler: (obj: T) => void): () => void {
    return this.#handlers.onDelete(handler);
  }

  async #attempt(): Promise<void> {
    this.#failedSinceStart = false;
    try {
      await this.#inner.start();
    } catch (error) {
      // ListWatch reports list and watch failures as events; anything that rejects
      // start() itself (a fake's scripted failure) is retried the same way.
      this.#failed(error);
    }
    if (!this.#running || this.#failedSinceStart) return;
    this.#failures = 0;
    if (!this.#synced) {
      this.#synced = true;
      for (const resolve of this.#syncWaiters.splice(0)) resolve();
    }
  }

  #failed(error: unknown): void {
    // Stopping aborts the watch, which the inner informer reports as an error; that one may
    // arrive after a quick stop() + start() and must not schedule a second watch.
    if ((error as { name?: unknown } | undefined)?.name === "AbortError") return;
    this.#failedSinceStart = true;
    if (!this.#running || this.#restartTimer) return;
    const delay = this.#backoff(this.#failures++);
    this.#onError(error, delay);
    this.#restartTimer = this.#clock.setTimeout(() => {
      this.#restartTimer = undefined;
      if (this.#running) this.#starting = this.#attempt();
    }, delay);
  }
}

/** Creates a {@link ResilientInformer}, starts it and waits for its first sync. */
export const startInformer = async <T extends KubernetesObject>(
  options: InformerOptions<T> & { syncTimeoutMs?: number },
): Promise<ResilientInformer<T>> => {
  const informer = new ResilientInformer<T>(options);
  await informer.start();
  await informer.waitForSync(options.syncTimeoutMs);
  return informer;
};
