import type { KubernetesObject } from "./types.ts";

type Cb = (arg?: unknown, old?: unknown) => void;

/**
 * Stands in for ListWatch in unit tests: `start()` plays the next scripted
 * outcome (an Error is reported through the "error" handlers, as ListWatch does), and
 * `put` changes the cache and emits the event.
 */
export class FakeInnerInformer<T extends KubernetesObject = KubernetesObject> {
  readonly handlers = new Map<string, Cb[]>();
  readonly objects = new Map<string, T>();
  /** "ok", an Error reported as an event, or `{ reject }` to make start() itself fail. */
  outcomes: Array<"ok" | Error | { reject: Error }> = [];
  starts = 0;

  on(verb: string, cb: Cb): void {
    this.handlers.set(verb, [...(this.handlers.get(verb) ?? []), cb]);
  }

  off(): void {}

  emit(verb: string, arg?: unknown): void {
    for (const cb of this.handlers.get(verb) ?? []) cb(arg);
  }

  async start(): Promise<void> {
    this.starts++;
    const outcome = this.outcomes.shift() ?? "ok";
    if (outcome instanceof Error) this.emit("error", outcome);
    else if (outcome !== "ok") throw outcome.reject;
  }

  async stop(): Promise<void> {
    this.emit("error", Object.assign(new Error("aborted"), { name: "AbortError" }));
  }

  get(name: string, namespace?: string): T | undefined {
    return this.objects.get(`${namespace ?? ""}/${name}`);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  put(obj: T, verb: "add" | "update" | "delete"): void {
    const key = `${obj.metadata?.namespace ?? ""}/${obj.metadata?.name}`;
    const old = this.objects.get(key);
    if (verb === "delete") this.objects.delete(key);
    else this.objects.set(key, obj);
    for (const cb of this.handlers.get(verb) ?? []) cb(obj, old);
  }
}
