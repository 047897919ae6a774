/**
 * FNV-1a (32-bit) over the UTF-8 bytes of `text`, then murmur3's fmix32 finaliser.
 * Plain FNV-1a has weak low bits for inputs that differ only at the end (user ids often
 * do), and we take the result modulo 100; the finaliser spreads every input bit over the
 * whole word. Written out so another language (the ML service) can reproduce it exactly.
 */
export const hash32 = (text: string): number => {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};
