import { hash } from "node:crypto";

const HASH_CHARS = 32;
const NON_ASCII = /[\u0080-\uffff]/;
const MESSY_SPACE = /^\s|\s$|\s\s|[\t\n\r\f\v\u00a0]/;
const SPACE_RUN = /\s+/g;

/** Lower-cased, whitespace-collapsed: cosmetic differences between exports must not change ids. */
const normaliseDescription = (text: string): string => {
  // The fast paths matter at 100,000 rows: parsers already hand over collapsed ASCII text.
  const composed = NON_ASCII.test(text) ? text.normalize("NFKC") : text;
  const spaced = MESSY_SPACE.test(composed) ? composed.replace(SPACE_RUN, " ").trim() : composed;
  return spaced.toLowerCase();
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
  // Digests are counted under a small-integer key (cheapest for a Map) mapping to the first digest
  // seen with it; only a repeat of the key — a twin, or a rare key collision — is counted exactly.
  readonly #firstByKey = new Map<number, string>();
  readonly #repeats = new Map<string, number>();
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

  #count(digest: string): number {
    const key = smallKey(digest);
    const first = this.#firstByKey.get(key);
    if (first === undefined) {
      this.#firstByKey.set(key, digest);
      return 1;
    }
    const n = (this.#repeats.get(digest) ?? (first === digest ? 1 : 0)) + 1;
    this.#repeats.set(digest, n);
    return n;
  }
}

/** The first 7 hex digits as an integer (28 bits: a V8 small integer, no allocation). */
const smallKey = (hex: string): number => {
  let v = 0;
  for (let i = 0; i < 7; i++) {
    const c = hex.charCodeAt(i);
    v = v * 16 + (c <= 57 ? c - 48 : c - 87);
  }
  return v;
};
