import { isDeepStrictEqual } from "node:util";

/**
 * The last status this replica wrote per object uid. An informer cache can lag behind the
 * operator's own writes; comparing the desired status with what was last written avoids
 * re-writing it from a stale copy (which would only earn a 409 and a retry). Bounded: the
 * oldest entry goes first.
 */
export class WrittenStatuses {
  readonly #byUid = new Map<string, unknown>();
  readonly #max: number;

  constructor(max = 20_000) {
    this.#max = max;
  }

  /** Whether `status` (plain JSON) is what was last written for `uid`. */
  isLastWritten(uid: string, status: unknown): boolean {
    return this.#byUid.has(uid) && isDeepStrictEqual(this.#byUid.get(uid), status);
  }

  remember(uid: string, status: unknown): void {
    this.#byUid.delete(uid);
    this.#byUid.set(uid, status);
    if (this.#byUid.size > this.#max) this.#byUid.delete(this.#byUid.keys().next().value as string);
  }
}
