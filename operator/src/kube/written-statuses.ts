import { createHash } from "node:crypto";

/**
 * The last status this replica wrote per object uid. An informer cache can lag behind the
 * operator's own writes; comparing the desired status with what was last written avoids
 * re-writing it from a stale copy (which would only earn a 409 and a retry). Bounded: the
 * oldest entry goes first. It keeps a digest of each status, not a copy: at 10,000
 * SyncSchedules copies would be a second cache of every status (bench/README.md).
 */
export class WrittenStatuses {
  readonly #byUid = new Map<string, string>();
  readonly #max: number;

  constructor(max = 20_000) {
    this.#max = max;
  }

  /** Whether `status` (plain JSON, keys in a stable order) is what was last written for `uid`. */
  isLastWritten(uid: string, status: unknown): boolean {
    return this.#byUid.get(uid) === digest(status);
  }

  remember(uid: string, status: unknown): void {
    this.#byUid.delete(uid);
    this.#byUid.set(uid, digest(status));
    if (this.#byUid.size > this.#max) this.#byUid.delete(this.#byUid.keys().next().value as string);
  }
}

const digest = (status: unknown): string =>
  createHash("sha256")
    .update(JSON.stringify(status) ?? "")
    .digest("base64");
