import type { ArtifactModel } from "@fincoach/categorizer";
import type { DbOrTx } from "@fincoach/db";
import type { Logger } from "@fincoach/logging";
import { type ArtifactLoader, loadVersion } from "./load-version.ts";
import { type VersionRef, versionKey } from "./version-ref.ts";

/** A version answering in this process. */
export type LoadedVersion = { ref: VersionRef; artifact: ArtifactModel };

/** What GET /v1/models and /readyz say about a version this process was asked to serve. */
export type VersionState = {
  ref: VersionRef;
  serving: boolean;
  /** The last refusal of this version's artifact, while it stands (cleared by a good load). */
  refusal: string | null;
};

/**
 * Frees a session once requests that picked it before a swap or eviction have finished:
 * releasing it under a running `session.run` would fail them.
 */
const RELEASE_GRACE_MS = 30_000;
const releaseLater = (artifact: ArtifactModel): void => {
  setTimeout(() => void artifact.release().catch(() => {}), RELEASE_GRACE_MS).unref();
};

type Entry = {
  ref: VersionRef;
  loaded: LoadedVersion | null;
  refusal: string | null;
  /** The digest last refused and when: the same artifact is not fetched again until the retry time. */
  refused: { sha256: string; at: number } | null;
  pending: Promise<LoadedVersion | null> | null;
};

export type ModelRegistryOptions = {
  db: DbOrTx;
  logger: Logger;
  fetchTimeoutMs: number;
  /** The artifact loader (the categorizer's by default). */
  load?: ArtifactLoader;
  /**
   * How long a refused artifact is left alone before it is tried again (an http(s) source
   * may have been down; a corrupt file stays corrupt, and a retry per sync would fill the log).
   * @default 300_000
   */
  retryRefusedMs?: number;
  now?: () => number;
};

/**
 * The versions this process serves, by `model/version`. A load that fails any check is
 * refused and recorded, and whatever already served keeps serving: a bad artifact never
 * takes a working version down.
 */
export class ModelRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #options: ModelRegistryOptions;

  constructor(options: ModelRegistryOptions) {
    this.#options = options;
  }

  /**
   * Serves `ref`, loading it unless this exact artifact already serves under its key. Resolves
   * the version now serving under that key (the earlier artifact when the new one is refused),
   * or null when none does. Concurrent calls for one key share one load.
   */
  ensure(ref: VersionRef): Promise<LoadedVersion | null> {
    const key = versionKey(ref);
    const entry = this.#entries.get(key) ?? { ref, loaded: null, refusal: null, refused: null, pending: null };
    this.#entries.set(key, entry);
    if (entry.loaded?.ref.artifactSha256 === ref.artifactSha256) return Promise.resolve(entry.loaded);
    if (entry.pending && entry.ref.artifactSha256 === ref.artifactSha256) return entry.pending;
    const now = (this.#options.now ?? Date.now)();
    if (
      entry.refused?.sha256 === ref.artifactSha256 &&
      now - entry.refused.at < (this.#options.retryRefusedMs ?? 300_000)
    )
      return Promise.resolve(entry.loaded);
    entry.ref = ref;
    entry.pending = this.#load(entry, ref).finally(() => {
      entry.pending = null;
    });
    return entry.pending;
  }

  async #load(entry: Entry, ref: VersionRef): Promise<LoadedVersion | null> {
    const { db, logger, fetchTimeoutMs, load } = this.#options;
    try {
      const artifact = await loadVersion(ref, { db, timeoutMs: fetchTimeoutMs, ...(load ? { load } : {}) });
      const previous = entry.loaded;
      entry.loaded = { ref, artifact };
      entry.refusal = null;
      entry.refused = null;
      logger.info(
        { model: ref.model, version: ref.version, sha256: ref.artifactSha256, labels: artifact.labels.length },
        "model version loaded",
      );
      if (previous) releaseLater(previous.artifact);
      return entry.loaded;
    } catch (e) {
      entry.refusal = (e as Error).message;
      entry.refused = { sha256: ref.artifactSha256, at: (this.#options.now ?? Date.now)() };
      logger.error(
        {
          model: ref.model,
          version: ref.version,
          reason: entry.refusal,
          stillServing: entry.loaded?.ref.artifactSha256 ?? null,
        },
        "model artifact refused",
      );
      return entry.loaded;
    }
  }

  /** The version serving under `model/version` here, if any. */
  get(model: string, version: string): LoadedVersion | undefined {
    return this.#entries.get(versionKey({ model, version }))?.loaded ?? undefined;
  }

  /** Every version serving here. */
  serving(): LoadedVersion[] {
    return [...this.#entries.values()].flatMap((e) => (e.loaded ? [e.loaded] : []));
  }

  /** Every version this process was asked to serve, and how that went. */
  states(): VersionState[] {
    return [...this.#entries.values()].map((e) => ({
      ref: e.loaded?.ref ?? e.ref,
      serving: e.loaded !== null,
      refusal: e.refusal,
    }));
  }

  /** Stops serving a version and frees its session (a person model leaving the cache). */
  evict(model: string, version: string): void {
    const key = versionKey({ model, version });
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    if (entry?.loaded) releaseLater(entry.loaded.artifact);
  }

  async close(): Promise<void> {
    const loaded = this.serving();
    this.#entries.clear();
    await Promise.allSettled(loaded.map((l) => l.artifact.release()));
  }
}
