const decoder = new TextDecoder();

/** The label `explain` gives each n-gram family, by family id (featurize's order). */
export const FAMILY_LABELS = ["word", "chars", "merchant"] as const;

/**
 * Which n-grams went into which bucket, for a whole batch, as bytes: the cheap way to name a few
 * chosen features afterwards. `featurize` with a `FeatureNames` map decodes every n-gram of
 * every row into strings; a trace copies their bytes (a few hundred per row) and only the
 * features an explanation picks are ever decoded.
 */
export class GramTrace {
  size = 0;
  private buckets = new Int32Array(4096);
  private families = new Uint8Array(4096);
  private starts = new Int32Array(4096);
  private lengths = new Int32Array(4096);
  private bytes = new Uint8Array(16384);
  private used = 0;

  /** Records that `arena[start, start + length)` (an n-gram of `family`) hashed into `bucket`. */
  add(bucket: number, family: number, arena: Uint8Array, start: number, length: number): void {
    if (this.size === this.buckets.length) this.growEntries();
    if (this.used + length > this.bytes.length) {
      const bytes = new Uint8Array((this.used + length) * 2);
      bytes.set(this.bytes);
      this.bytes = bytes;
    }
    for (let i = 0; i < length; i++) this.bytes[this.used + i] = arena[start + i]!;
    const e = this.size++;
    this.buckets[e] = bucket;
    this.families[e] = family;
    this.starts[e] = this.used;
    this.lengths[e] = length;
    this.used += length;
  }

  /**
   * The name of `bucket` among entries [from, to) (one row's), as `explain` writes it: each
   * n-gram that hashed there, `word "…"`, `chars "…"` or `merchant "…"`, in featurizing order,
   * joined by " / ". Undefined when no n-gram of the row hashed there.
   */
  name(from: number, to: number, bucket: number): string | undefined {
    let name: string | undefined;
    for (let e = from; e < to; e++) {
      if (this.buckets[e] !== bucket) continue;
      const at = this.starts[e]!;
      const gram = `${FAMILY_LABELS[this.families[e]!]} "${decoder.decode(this.bytes.subarray(at, at + this.lengths[e]!))}"`;
      name = name === undefined ? gram : `${name} / ${gram}`;
    }
    return name;
  }

  private growEntries(): void {
    const n = this.buckets.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.buckets = grow(this.buckets, new Int32Array(n));
    this.families = grow(this.families, new Uint8Array(n));
    this.starts = grow(this.starts, new Int32Array(n));
    this.lengths = grow(this.lengths, new Int32Array(n));
  }
}
