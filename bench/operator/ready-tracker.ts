import { API_VERSION, SYNC_SCHEDULE_PLURAL, type SyncSchedule } from "@fincoach/crds";
import { type KubeConnection, objectKey, ResilientInformer } from "@fincoach/kube";

/** Ready=True for the object's current spec (the condition observed this generation). */
export const isReady = (ss: SyncSchedule): boolean =>
  ss.status?.conditions?.some(
    (c) => c.type === "Ready" && c.status === "True" && c.observedGeneration === ss.metadata.generation,
  ) ?? false;

/**
 * Watches the SyncSchedules of one namespace (as admin, in the load generator) and keeps
 * the set of keys reporting Ready=True, so "all N Ready" is seen the moment the last
 * status write is, without polling a list of thousands.
 */
export class ReadyTracker {
  readonly #informer: ResilientInformer<SyncSchedule>;
  readonly #ready = new Set<string>();
  #waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(connection: KubeConnection, namespace: string) {
    this.#informer = new ResilientInformer<SyncSchedule>({
      connection,
      apiVersion: API_VERSION,
      plural: SYNC_SCHEDULE_PLURAL,
      namespace,
    });
    const seen = (ss: SyncSchedule) => {
      if (isReady(ss)) this.#ready.add(objectKey(ss));
      else this.#ready.delete(objectKey(ss));
      this.#notify();
    };
    this.#informer.onAdd(seen);
    this.#informer.onUpdate(seen);
    this.#informer.onDelete((ss) => this.#ready.delete(objectKey(ss)));
  }

  async start(): Promise<void> {
    await this.#informer.start();
    await this.#informer.waitForSync(60_000);
  }

  stop(): Promise<void> {
    return this.#informer.stop();
  }

  get ready(): number {
    return this.#ready.size;
  }

  /** Resolves once at least `count` are Ready; rejects after `timeoutMs`, saying how many were. */
  waitForReady(count: number, timeoutMs: number): Promise<void> {
    if (this.#ready.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.#ready.size} of ${count} Ready after ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      this.#waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  #notify(): void {
    const size = this.#ready.size;
    const due = this.#waiters.filter((w) => w.count <= size);
    this.#waiters = this.#waiters.filter((w) => w.count > size);
    for (const w of due) w.resolve();
  }
}
