import type { CacheTransform } from "./cache-transform.ts";
import type { KubernetesObject } from "./types.ts";

/**
 * Makes equal short strings in cached objects one string. JSON.parse gives every value its
 * own copy, so thousands of objects repeating the same apiVersion, kind, labels, owner
 * names and uids, condition reasons and images hold thousands of copies of each. Bounded:
 * the table is emptied when it reaches `maxEntries` (strings already shared stay shared),
 * so one-off values cannot make it grow without end.
 */
export class StringInterner {
  readonly #table = new Map<string, string>();
  readonly #maxEntries: number;
  readonly #maxLength: number;
  // Values that are never equal between two objects: not worth a table entry.
  readonly #skipKeys: ReadonlySet<string>;

  constructor(options: { maxEntries?: number; maxLength?: number; skipKeys?: readonly string[] } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#maxLength = options.maxLength ?? 64;
    this.#skipKeys = new Set(options.skipKeys ?? ["resourceVersion"]);
  }

  /** Replaces, in place, every string of `value` (deeply) by its shared copy; returns `value`. */
  intern<T>(value: T): T {
    return this.#walk(value) as T;
  }

  /** `transform` followed by {@link intern}, as an informer transform. */
  transform<T extends KubernetesObject, Raw extends KubernetesObject>(
    transform: CacheTransform<T, Raw>,
  ): CacheTransform<T, Raw> {
    return (obj) => this.intern(transform(obj));
  }

  #walk(value: unknown): unknown {
    if (typeof value === "string") return this.#string(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.#walk(value[i]);
    } else if (value !== null && typeof value === "object") {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) if (!this.#skipKeys.has(key)) record[key] = this.#walk(record[key]);
    }
    return value;
  }

  #string(s: string): string {
    if (s.length > this.#maxLength) return s;
    const shared = this.#table.get(s);
    if (shared !== undefined) return shared;
    if (this.#table.size >= this.#maxEntries) this.#table.clear();
    this.#table.set(s, s);
    return s;
  }
}
