/**
 * MurmurHash3 x86 32-bit over UTF-8 bytes: the hash scikit-learn's HashingVectorizer uses
 * (`sklearn.utils.murmurhash3_32`), so a bucket computed here can be checked against it.
 * Written here rather than taken from npm because the packages there hash UTF-16 code units
 * (`charCodeAt & 0xff`), which disagrees with every other implementation on non-ASCII text.
 */

const encoder = new TextEncoder();
// One reusable buffer: hashing runs once per n-gram, millions of times in a training run.
let buffer = new Uint8Array(256);

/** The signed 32-bit hash of `text`'s UTF-8 bytes with `seed` (as sklearn's `positive=False`). */
export const murmur3 = (text: string, seed: number): number => {
  if (text.length * 3 > buffer.length) buffer = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, buffer);
  return murmur3Bytes(buffer, written, seed);
};

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3 x86 32 of `bytes[0..length)`, as a signed 32-bit integer. */
export const murmur3Bytes = (bytes: Uint8Array, length: number, seed: number): number =>
  murmur3Range(bytes, 0, length, seed);

/**
 * MurmurHash3 x86 32 of `bytes[start..start + length)`: featurizing hashes each n-gram where
 * it lies in the row's UTF-8 text, with no substring or copy per n-gram.
 */
export const murmur3Range = (bytes: Uint8Array, start: number, length: number, seed: number): number => {
  let h = seed | 0;
  const blocks = start + (length & ~3);
  for (let i = start; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = bytes[blocks]!;
    if (tail > 1) k ^= bytes[blocks + 1]! << 8;
    if (tail > 2) k ^= bytes[blocks + 2]! << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
};
