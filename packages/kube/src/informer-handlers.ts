import type { KubernetesObject } from "./types.ts";

/** Called with the new object and the one it replaced (undefined if never seen). */
export type UpdateHandler<T> = (obj: T, old: T | undefined) => void;

/**
 * An informer's handler sets; updates carry the previous object (the cache's, handed over
 * by the list/watch), as controller-runtime's do. A throwing handler is reported and does
 * not stop the others.
 */
export class InformerHandlers<T extends KubernetesObject> {
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

  /** Delivers one change to every handler of its kind (`old`: what an update replaced). */
  emit(obj: T, verb: "add" | "update" | "delete", old?: T): void {
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
