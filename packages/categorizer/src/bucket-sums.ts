/**
 * Sums of float64 values per non-negative integer key, remembering first-insertion order: a
 * reusable open-addressing table that stands in for a `Map<number, number>` per row, adding
 * in the same order so every sum is bit-for-bit the one the `Map` gave.
 */
export class BucketSums {
  size = 0;
  private keys = new Int32Array(512).fill(-1);
  private sums = new Float64Array(512);
  private order = new Int32Array(512); // slots in insertion order

  /** Adds `value` to `key`'s sum (a new key starts from 0, as `(map.get(k) ?? 0) + value`). */
  add(key: number, value: number): void {
    const slot = this.slotFor(key);
    this.sums[slot] = this.sums[slot]! + value;
  }

  /** Sets `key`'s sum to `value`. */
  set(key: number, value: number): void {
    this.sums[this.slotFor(key)] = value;
  }

  /** `key`'s sum, 0 for a key never added. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let slot = Math.imul(key, 0x9e3779b1) >>> 0; ; slot++) {
      const k = this.keys[slot & mask]!;
      if (k === key) return this.sums[slot & mask]!;
      if (k === -1) return 0;
    }
  }

  /** The j-th key inserted and its sum. */
  keyAt(j: number): number {
    return this.keys[this.order[j]!]!;
  }
  sumAt(j: number): number {
    return this.sums[this.order[j]!]!;
  }

  clear(): void {
    for (let j = 0; j < this.size; j++) this.keys[this.order[j]!] = -1;
    this.size = 0;
  }

  private slotFor(key: number): number {
    const mask = this.keys.length - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> 0;
    for (; ; slot++) {
      const k = this.keys[slot & mask]!;
      if (k === key) return slot & mask;
      if (k === -1) break;
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      return this.slotFor(key);
    }
    slot &= mask;
    this.keys[slot] = key;
    this.sums[slot] = 0;
    this.order[this.size++] = slot;
    return slot;
  }

  private grow(): void {
    const keys: number[] = [];
    const sums: number[] = [];
    for (let j = 0; j < this.size; j++) {
      keys.push(this.keyAt(j));
      sums.push(this.sumAt(j));
    }
    const capacity = this.keys.length * 2;
    this.keys = new Int32Array(capacity).fill(-1);
    this.sums = new Float64Array(capacity);
    this.order = new Int32Array(capacity);
    this.size = 0;
    for (let j = 0; j < keys.length; j++) this.set(keys[j]!, sums[j]!);
  }
}
