import type { DbOrTx } from "@fincoach/db";
import { listModelVersions } from "@fincoach/domain";
import type { LoadedVersion, ModelRegistry } from "./model-registry.ts";
import type { VersionRef } from "./version-ref.ts";

type Answer = { checkedAt: number; ref: VersionRef | null; refused: boolean };

export type PersonModelsOptions = {
  db: DbOrTx;
  registry: ModelRegistry;
  /** How long the newest-version answer is trusted before PostgreSQL is asked again. */
  cacheMs: number;
  /** People whose models stay loaded; the least recently served go first. */
  cacheSize: number;
  /**
   * People whose answer is remembered (most have no model of their own): bounds the memory of
   * the cache, not the models loaded.
   * @default 10_000
   */
  answersSize?: number;
  now?: () => number;
};

/**
 * People's own models, loaded on first use: there can be many more than fit in memory, so
 * they are not loaded at start-up like the shared versions. A person is served by their
 * newest own version; one that is refused is not retried until the answer is refreshed.
 * Both caches are least-recently-used maps (insertion order, re-inserted on use), so every
 * operation is O(1) on the request path.
 */
export class PersonModels {
  readonly #answers = new Map<string, Answer>();
  readonly #loaded = new Map<string, VersionRef>();
  readonly #o: PersonModelsOptions;
  readonly #now: () => number;

  constructor(options: PersonModelsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** The person's newest own version, loaded; null when they have none (or it was refused). */
  async newestFor(userId: string): Promise<LoadedVersion | null> {
    let answer = this.#answers.get(userId);
    if (!answer || this.#now() - answer.checkedAt > this.#o.cacheMs) {
      const [row] = await listModelVersions({ ctx: { db: this.#o.db }, filter: { userId, limit: 1 } });
      if (answer?.ref && answer.ref.version !== row?.version) this.#unload(userId);
      answer = { checkedAt: this.#now(), ref: row ?? null, refused: false };
    }
    this.#remember(userId, answer);
    if (!answer.ref || answer.refused) return null;
    const loaded = await this.#o.registry.ensure(answer.ref);
    if (!loaded) {
      answer.refused = true;
      return null;
    }
    this.#loaded.delete(userId);
    this.#loaded.set(userId, answer.ref);
    for (const oldest of this.#loaded.keys()) {
      if (this.#loaded.size <= this.#o.cacheSize) break;
      this.#unload(oldest);
      this.#answers.delete(oldest);
    }
    return loaded;
  }

  /** Forgets what is cached for the person (a new model of theirs was just registered here). */
  forget(userId: string): void {
    const answer = this.#answers.get(userId);
    if (answer) answer.checkedAt = Number.NEGATIVE_INFINITY;
  }

  #remember(userId: string, answer: Answer): void {
    this.#answers.delete(userId);
    this.#answers.set(userId, answer);
    for (const oldest of this.#answers.keys()) {
      if (this.#answers.size <= (this.#o.answersSize ?? 10_000)) break;
      this.#unload(oldest);
      this.#answers.delete(oldest);
    }
  }

  #unload(userId: string): void {
    const ref = this.#loaded.get(userId);
    this.#loaded.delete(userId);
    if (ref) this.#o.registry.evict(ref.model, ref.version);
  }
}
