import { objectKey } from "./object-key.ts";
import type { KubernetesObject } from "./types.ts";

/** Called with the new object and the one it replaced (undefined if never seen). */
export type UpdateHandler<T> = (obj: T, old: T | undefined) => void;

/**
 * An informer's handler sets. It remembers the last object per key (references the cache
 * holds anyway) so updates carry the previous state, as controller-runtime's do; a
 * throwing handler is reported and does not stop the others.
 */
export class InformerHandlers<T extends KubernetesObject> {
  readonly #last = new Map<string, T>();
  readonly #adds = new Set<(obj: T) => void>();
  readonly #updates = new Set<UpdateHandler<T>>();
  readonly #deletes = new Set<(obj: T) => void>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  onAdd(handler: (obj: T) => void): () => void {
    this.#adds.add(handler);
    return () => this.#adds.delete(handler);
  }

  onUpdate(handler: UpdateHandler<T>): () => void {
    this.#updates.add(handler);
    return () => this.#updates.delete(handler);
  }

  onDelete(handler: (obj: T) => void): () => void {
    this.#deletes.add(handler);
    return () => this.#deletes.delete(handler);
  }

  /** Delivers one change to every handler of its kind. */
  emit(obj: T, verb: "add" | "update" | "delete"): void {
    const key = objectKey(obj);
    const old = this.#last.get(key);
    if (verb === "delete") this.#last.delete(key);
    else this.#last.set(key, obj);
    if (verb === "add") for (const h of this.#adds) this.#safely(() => h(obj));
    if (verb === "update") for (const h of this.#updates) this.#safely(() => h(obj, old));
    if (verb === "delete") for (const h of this.#deletes) this.#safely(() => h(obj));
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#onError(error);
    }
  }
}
