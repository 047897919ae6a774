import type { DbOrTx } from "@fincoach/db";
import { listModelVersions } from "@fincoach/domain";
import type { LoadedVersion, ModelRegistry } from "./model-registry.ts";
import type { VersionRef } from "./version-ref.ts";

type Cached = { checkedAt: number; ref: VersionRef | null; refused: boolean };

export type PersonModelsOptions = {
  db: DbOrTx;
  registry: ModelRegistry;
  /** How long the newest-version answer is trusted before PostgreSQL is asked again. */
  cacheMs: number;
  /** People whose models stay loaded; the least recently served go first. */
  cacheSize: number;
  now?: () => number;
};

/**
 * People's own models, loaded on first use: there can be many more than fit in memory, so
 * they are not loaded at start-up like the shared versions. A person is served by their
 * newest own version; one that is refused is not retried until the answer is refreshed.
 */
export class PersonModels {
  readonly #cache = new Map<string, Cached>();
  readonly #o: PersonModelsOptions;
  readonly #now: () => number;

  constructor(options: PersonModelsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** The person's newest own version, loaded; null when they have none (or it was refused). */
  async newestFor(userId: string): Promise<LoadedVersion | null> {
    let cached = this.#cache.get(userId);
    if (!cached || this.#now() - cached.checkedAt > this.#o.cacheMs) {
      const [row] = await listModelVersions({ ctx: { db: this.#o.db }, filter: { userId, limit: 1 } });
      if (cached?.ref && cached.ref.version !== row?.version)
        this.#o.registry.evict(cached.ref.model, cached.ref.version);
      cached = { checkedAt: this.#now(), ref: row ?? null, refused: false };
    }
    this.#touch(userId, cached);
    if (!cached.ref || cached.refused) return null;
    const loaded = await this.#o.registry.ensure(cached.ref);
    if (!loaded) cached.refused = true;
    return loaded;
  }

  /** Forgets what is cached for the person (a new model of theirs was just registered here). */
  forget(userId: string): void {
    const cached = this.#cache.get(userId);
    if (cached) cached.checkedAt = Number.NEGATIVE_INFINITY;
  }

  // Map order is insertion order: re-inserting makes the person the most recent.
  #touch(userId: string, cached: Cached): void {
    this.#cache.delete(userId);
    this.#cache.set(userId, cached);
    while (this.#cache.size > this.#o.cacheSize) {
      const [oldest, entry] = this.#cache.entries().next().value as [string, Cached];
      this.#cache.delete(oldest);
      if (entry.ref) this.#o.registry.evict(entry.ref.model, entry.ref.version);
    }
  }
}
