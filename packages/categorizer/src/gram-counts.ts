import { murmur3Range } from "./murmur3.ts";

/**
 * Distinct n-grams of one family with their counts, in order of first appearance, held as
 * bytes: a reusable open-addressing table keyed by the n-gram's MurmurHash3 (the hash the
 * feature needs anyway), with the bytes compared on a hit so two n-grams that share a hash
 * still count apart, exactly as the string `Map` they replace.
 */
export class GramCounts {
  size = 0;
  hashes = new Int32Array(256);
  counts = new Int32Array(256);
  starts = new Int32Array(256);
  lengths = new Int32Array(256);
  /** Each distinct n-gram's bytes, copied once (a visited range is only valid during the visit). */
  arena = new Uint8Array(4096);
  private used = 0;
  private table = new Int32Array(512); // entry + 1; 0 is empty
  private seed = 0;

  /** Empties the counts for a new family hashed with `seed`. */
  reset(seed: number): void {
    for (let e = 0; e < this.size; e++) this.table[this.slotOf(this.hashes[e]!, e)] = 0;
    this.size = 0;
    this.used = 0;
    this.seed = seed;
  }

  /** Counts `bytes[start..start + length)`; a bound method, so it can be handed out as a visitor. */
  readonly add = (bytes: Uint8Array, start: number, length: number): void => {
    const h = murmur3Range(bytes, start, length, this.seed);
    const mask = this.table.length - 1;
    for (let slot = Math.imul(h, 0x9e3779b1) >>> 0; ; slot++) {
      const e = this.table[slot & mask]! - 1;
      if (e === -1) {
        this.insert(slot & mask, h, bytes, start, length);
        return;
      }
      if (this.hashes[e] === h && this.sameBytes(e, bytes, start, length)) {
        this.counts[e]!++;
        return;
      }
    }
  };

  private sameBytes(e: number, bytes: Uint8Array, start: number, length: number): boolean {
    if (this.lengths[e] !== length) return false;
    const at = this.starts[e]!;
    for (let i = 0; i < length; i++) if (this.arena[at + i] !== bytes[start + i]) return false;
    return true;
  }

  private slotOf(h: number, e: number): number {
    const mask = this.table.length - 1;
    let slot = Math.imul(h, 0x9e3779b1) >>> 0;
    while (this.table[slot & mask] !== e + 1) slot++;
    return slot & mask;
  }

  private insert(slot: number, h: number, bytes: Uint8Array, start: number, length: number): void {
    const e = this.size++;
    if (e === this.hashes.length) this.growEntries();
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array((this.used + length) * 2);
      arena.set(this.arena);
      this.arena = arena;
    }
    // A byte loop: n-grams are a few bytes, where a subarray per copy costs more than it moves.
    for (let i = 0; i < length; i++) this.arena[this.used + i] = bytes[start + i]!;
    this.hashes[e] = h;
    this.counts[e] = 1;
    this.starts[e] = this.used;
    this.lengths[e] = length;
    this.used += length;
    this.table[slot] = e + 1;
    if (this.size * 2 > this.table.length) this.rehash(this.table.length * 2);
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.counts = grow(this.counts);
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
  }

  private rehash(capacity: number): void {
    this.table = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let e = 0; e < this.size; e++) {
      let slot = Math.imul(this.hashes[e]!, 0x9e3779b1) >>> 0;
      while (this.table[slot & mask] !== 0) slot++;
      this.table[slot & mask] = e + 1;
    }
  }
}
