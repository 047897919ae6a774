import { statusCodeOf } from "../api-errors.ts";
import type { KubernetesListObject, KubernetesObject } from "../types.ts";
import type { KubeHttp, Status, WatchEvent } from "./kube-http.ts";

type Verb = "add" | "update" | "delete" | "error";
type Handler = (arg: never) => void;

/** Options of {@link ListWatch}. */
export type ListWatchOptions<T extends KubernetesObject> = {
  http: KubeHttp;
  /** The collection path (`resourcePath`). */
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  labelSelector?: string | undefined;
  /** Applied to every watched object (the list function applies its own). */
  // biome-ignore lint/suspicious/noExplicitAny: it gets the apiserver's JSON, whatever the kind's full type
  transform?: ((obj: any) => T) | undefined;
  random?: () => number;
};

// client-go's reflector asks the server to end each watch after 5-10 minutes, so watches
// are spread out and a half-dead connection is replaced regularly.
const MIN_WATCH_SECONDS = 300;
// The server sends a bookmark about every minute; this long without data means the
// connection is gone.
const IDLE_GRACE_MS = 60_000;
// A watch that ends this soon with no event is not a normal server timeout: report it, so
// the caller backs off instead of spinning.
const SHORT_WATCH_MS = 1_000;

/**
 * A list + watch cache of one collection: lists (when it has no resourceVersion), replaces
 * its cache from the list (emitting deletes for objects gone meanwhile), then watches from
 * the list's resourceVersion, re-watching when the server ends the stream and relisting on
 * 410 Gone. Other failures are emitted as "error" and stop it; the caller restarts it
 * (`ResilientInformer`, with backoff), resuming from the last resourceVersion.
 * Emits "add", "update" (only when the resourceVersion changed) and "delete".
 */
export class ListWatch<T extends KubernetesObject> {
  readonly #o: ListWatchOptions<T>;
  readonly #random: () => number;
  readonly #objects = new Map<string, Map<string, T>>();
  readonly #handlers: Record<Verb, Handler[]> = { add: [], update: [], delete: [], error: [] };
  #resourceVersion = "";
  #abort: AbortController | undefined;

  constructor(options: ListWatchOptions<T>) {
    this.#o = options;
    this.#random = options.random ?? Math.random;
  }

  /** Updates also get `old`, the object the update replaced in the cache. */
  on(verb: "add" | "update" | "delete", handler: (obj: T, old?: T) => void): void;
  on(verb: "error", handler: (error: unknown) => void): void;
  on(verb: Verb, handler: (arg: never) => void): void {
    this.#handlers[verb].push(handler);
  }

  /** Lists if needed and opens the watch; resolves once it is open (failures are emitted). */
  async start(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    try {
      await this.#connect(abort.signal);
    } catch (error) {
      if (!abort.signal.aborted) this.#emit("error", error);
    }
  }

  /** Ends the watch; the cache stays and `start()` resumes from the last resourceVersion. */
  async stop(): Promise<void> {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  get(name: string, namespace?: string): T | undefined {
    return this.#objects.get(namespace || "")?.get(name);
  }

  list(namespace?: string): T[] {
    if (namespace) return [...(this.#objects.get(namespace)?.values() ?? [])];
    const all: T[] = [];
    for (const byName of this.#objects.values()) for (const obj of byName.values()) all.push(obj);
    return all;
  }

  /** Lists when there is no resourceVersion to resume from, then opens a watch. */
  async #connect(signal: AbortSignal, relistedForGone = false): Promise<void> {
    if (!this.#resourceVersion) await this.#relist();
    if (signal.aborted) return;
    const timeoutSeconds = Math.floor(MIN_WATCH_SECONDS * (1 + this.#random()));
    const state = { events: 0, gone: false, failure: undefined as Status | undefined };
    const openedAt = Date.now();
    let opened: { ended: Promise<void> };
    try {
      opened = await this.#o.http.watch<T | Status>(
        this.#o.path,
        {
          resourceVersion: this.#resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds,
          labelSelector: this.#o.labelSelector || undefined,
        },
        (event) => {
          state.events++;
          if (event.type !== "ERROR") return this.#apply(event as WatchEvent<T>);
          const status = event.object as Status;
          if (status.code === 410) state.gone = true;
          else state.failure = status;
        },
        { signal, idleTimeoutMs: timeoutSeconds * 1000 + IDLE_GRACE_MS },
      );
    } catch (error) {
      // 410 as the watch's own HTTP status: the resourceVersion is too old; relist once.
      if (statusCodeOf(error) !== 410 || relistedForGone) throw error;
      this.#resourceVersion = "";
      return this.#connect(signal, true);
    }
    // The stream runs on in the background: start() is done once the watch is open.
    opened.ended.then(
      () => {
        if (signal.aborted) return;
        if (state.gone) this.#resourceVersion = "";
        if (state.failure) {
          return this.#emit("error", Object.assign(new Error(state.failure.message ?? "watch error"), state.failure));
        }
        if (!state.gone && state.events === 0 && Date.now() - openedAt < SHORT_WATCH_MS) {
          return this.#emit("error", new Error(`watch ${this.#o.path} closed at once`));
        }
        this.#connect(signal).catch((error: unknown) => {
          if (!signal.aborted) this.#emit("error", error);
        });
      },
      (error: unknown) => {
        if (!signal.aborted) this.#emit("error", error);
      },
    );
  }

  async #relist(): Promise<void> {
    const list = await this.#o.list();
    const seen = new Set<string>();
    for (const obj of list.items) {
      seen.add(keyOf(obj));
      this.#upsert(obj);
    }
    for (const [namespace, byName] of this.#objects) {
      for (const [name, obj] of byName) {
        if (seen.has(`${namespace}/${name}`)) continue;
        byName.delete(name);
        this.#emit("delete", obj);
      }
    }
    this.#resourceVersion = list.metadata?.resourceVersion ?? "";
  }

  #apply(event: WatchEvent<T>): void {
    const rv = event.object.metadata?.resourceVersion;
    if (event.type !== "BOOKMARK") {
      const obj = this.#o.transform ? this.#o.transform(event.object) : event.object;
      if (event.type === "DELETED") this.#remove(obj);
      else this.#upsert(obj);
    }
    if (rv) this.#resourceVersion = rv;
  }

  #upsert(obj: T): void {
    const namespace = obj.metadata?.namespace || "";
    const name = obj.metadata?.name || "";
    let byName = this.#objects.get(namespace);
    if (!byName) {
      byName = new Map();
      this.#objects.set(namespace, byName);
    }
    const found = byName.get(name);
    if (found && found.metadata?.resourceVersion === obj.metadata?.resourceVersion) return;
    byName.set(name, obj);
    if (found) this.#emit("update", obj, found);
    else this.#emit("add", obj);
  }

  #remove(obj: T): void {
    const byName = this.#objects.get(obj.metadata?.namespace || "");
    byName?.delete(obj.metadata?.name || "");
    this.#emit("delete", obj);
  }

  #emit(verb: Verb, arg: unknown, old?: T): void {
    for (const handler of this.#handlers[verb]) (handler as (arg: unknown, old?: T) => void)(arg, old);
  }
}

const keyOf = (obj: KubernetesObject) => `${obj.metadata?.namespace || ""}/${obj.metadata?.name || ""}`;
