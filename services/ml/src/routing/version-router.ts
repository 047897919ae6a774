import { pickVersion, type TrafficWeights } from "@fincoach/contracts";
import type { LoadedVersion, ModelRegistry } from "../registry/model-registry.ts";
import type { PersonModels } from "../registry/person-models.ts";
import { versionKey } from "../registry/version-ref.ts";

/** Which loaded version answers a person, and why. */
export type Route = {
  served: LoadedVersion;
  scope: "shared" | "person";
  /**
   * The version the person's bucket selects, when another one serves them here (it is not
   * loaded in this process: in the cluster the API calls that version's own Service).
   */
  bucketVersion: string | null;
};

export type VersionRouterOptions = {
  registry: ModelRegistry;
  personModels: PersonModels;
  /** The current traffic weights (null: none read; the champion serves everyone). */
  weights: () => TrafficWeights | null;
  /** The shared model people are routed within. */
  model: string;
  /** `model/version` keys that run in shadow: never chosen to serve. */
  shadow: ReadonlySet<string>;
};

/**
 * A person's own newest model when they have one; otherwise the shared model's version their
 * sticky bucket selects (`pickVersion`), or the champion loaded here when that version is not.
 */
export class VersionRouter {
  readonly #o: VersionRouterOptions;

  constructor(options: VersionRouterOptions) {
    this.#o = options;
  }

  async route(userId: string): Promise<Route | null> {
    const own = await this.#o.personModels.newestFor(userId);
    if (own) return { served: own, scope: "person", bucketVersion: null };
    const { registry, model } = this.#o;
    const weights = this.#o.weights();
    const picked = weights ? pickVersion(weights, model, userId) : null;
    const bucket = picked && !this.#isShadow(picked.version) ? registry.get(model, picked.version) : undefined;
    if (bucket) return { served: bucket, scope: "shared", bucketVersion: null };
    const champion = this.champion(weights);
    return champion ? { served: champion, scope: "shared", bucketVersion: picked?.version ?? null } : null;
  }

  /**
   * The champion loaded here: the weights' champion, else the newest loaded version of the
   * shared model (a laptop start has no weights; a candidate's pod serves only itself).
   */
  champion(weights = this.#o.weights()): LoadedVersion | null {
    const { registry, model } = this.#o;
    const named = weights?.models[model]?.versions.find((v) => v.champion);
    const loadedChampion = named && !this.#isShadow(named.version) ? registry.get(model, named.version) : undefined;
    if (loadedChampion) return loadedChampion;
    const candidates = registry
      .serving()
      .filter((l) => l.ref.model === model && l.ref.userId === null && !this.#isShadow(l.ref.version))
      .sort((a, b) => b.ref.createdAt.getTime() - a.ref.createdAt.getTime());
    return candidates[0] ?? null;
  }

  /** The shadow versions of `model` loaded here. */
  shadowsOf(model: string): LoadedVersion[] {
    return this.#o.registry.serving().filter((l) => l.ref.model === model && this.#o.shadow.has(versionKey(l.ref)));
  }

  #isShadow(version: string): boolean {
    return this.#o.shadow.has(versionKey({ model: this.#o.model, version }));
  }
}
