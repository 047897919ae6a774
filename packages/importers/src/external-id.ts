import { hash } from "node:crypto";

const HASH_CHARS = 32;
const PREFIX_CHARS = 12;
const NON_ASCII = /[^\u0000-\u007f]/;
const SPACE_RUN = /\s+/g;

/** Lower-cased, whitespace-collapsed: cosmetic differences between exports must not change ids. */
const normaliseDescription = (text: string): string => {
  const composed = NON_ASCII.test(text) ? text.normalize("NFKC") : text; // normalize() is slow; ASCII needs none
  return composed.toLowerCase().replace(SPACE_RUN, " ").trim();
};

const fullHash = (date: string, minor: bigint, currency: string, description: string): string =>
  hash("sha256", `${date}\u001f${minor}\u001f${currency}\u001f${normaliseDescription(description)}`, "hex");

/** sha256 of (date, minor units, currency, normalised description), hex, first 32 characters. */
export const contentHash = (date: string, minor: bigint, currency: string, description: string): string =>
  fullHash(date, minor, currency, description).slice(0, HASH_CHARS);

type IdInput = { date: string; amount: { minor: bigint; currency: string }; description: string };

/**
 * Hands out external ids for one file, in file order. The invariant: re-importing the same
 * file, or an overlapping one, yields the same id for the same transaction.
 *
 * - With a format-native id: `<format>:<id>`; a repeat within the file gets `:<n>` (n ≥ 2), so
 *   the first occurrence keeps the bare id whether or not the repeat is in the other file.
 * - Without: `<contentHash>:<n>`, n counting identical rows (1 for the first): two identical
 *   coffees on one day stay two rows, and an overlapping file holding both maps them to the same ids.
 */
export class ExternalIds {
  // Keyed by a short prefix (cheap to hash in a Map); the full key settles prefix collisions exactly.
  readonly #byPrefix = new Map<string, { key: string; n: number }>();
  readonly #collided = new Map<string, number>();
  readonly #native = new Map<string, number>();
  readonly #format: string;

  constructor(format: string) {
    this.#format = format;
  }

  /** The id for the next transaction; `nativeId` blank or absent means "use the content hash". */
  next(tx: IdInput, nativeId?: string): string {
    const native = nativeId?.trim();
    if (native) {
      const id = `${this.#format}:${native}`;
      const n = (this.#native.get(id) ?? 0) + 1;
      this.#native.set(id, n);
      return n === 1 ? id : `${id}:${n}`;
    }
    const digest = fullHash(tx.date, tx.amount.minor, tx.amount.currency, tx.description);
    return `${digest.slice(0, HASH_CHARS)}:${this.#count(digest)}`;
  }

  #count(key: string): number {
    const prefix = key.slice(0, PREFIX_CHARS);
    const entry = this.#byPrefix.get(prefix);
    if (entry === undefined) {
      this.#byPrefix.set(prefix, { key, n: 1 });
      return 1;
    }
    if (entry.key === key) return ++entry.n;
    const n = (this.#collided.get(key) ?? 0) + 1;
    this.#collided.set(key, n);
    return n;
  }
}
