import { hash } from "node:crypto";

const HASH_CHARS = 32;

/** Lower-cased, whitespace-collapsed: cosmetic differences between exports must not change ids. */
const normaliseDescription = (text: string): string => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** sha256 of (date, minor units, currency, normalised description), hex, first 32 characters. */
export const contentHash = (date: string, minor: bigint, currency: string, description: string): string =>
  hash("sha256", `${date}\u001f${minor}\u001f${currency}\u001f${normaliseDescription(description)}`, "hex").slice(
    0,
    HASH_CHARS,
  );

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
  readonly #seen = new Map<string, number>();
  readonly #format: string;

  constructor(format: string) {
    this.#format = format;
  }

  /** The id for the next transaction; `nativeId` blank or absent means "use the content hash". */
  next(tx: IdInput, nativeId?: string): string {
    const native = nativeId?.trim();
    if (native) {
      const id = `${this.#format}:${native}`;
      const n = this.#count(id);
      return n === 1 ? id : `${id}:${n}`;
    }
    const h = contentHash(tx.date, tx.amount.minor, tx.amount.currency, tx.description);
    return `${h}:${this.#count(h)}`;
  }

  #count(key: string): number {
    const n = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, n);
    return n;
  }
}
