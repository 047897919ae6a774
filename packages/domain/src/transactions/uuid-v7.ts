import { randomBytes } from "node:crypto";

/**
 * UUIDv7 ids for a batch of rows, ascending in batch order: a 48-bit millisecond time,
 * then the position in the batch in the 12-bit `rand_a` field, then random bits.
 * Split parts have no position column, so ordering them by id gives back the order the
 * person wrote them in without a schema change.
 */
export const uuidV7Batch = (count: number, now = Date.now()): string[] => {
  if (count > 0x1000) throw new RangeError("a UUIDv7 batch holds at most 4096 ids");
  const time = now.toString(16).padStart(12, "0").slice(-12);
  return Array.from({ length: count }, (_, i) => {
    const rand = randomBytes(8);
    rand[0] = (rand[0]! & 0x3f) | 0x80; // RFC 9562 variant 10xx
    const tail = rand.toString("hex");
    const seq = (0x7000 | i).toString(16); // version 7 + position
    return `${time.slice(0, 8)}-${time.slice(8)}-${seq}-${tail.slice(0, 4)}-${tail.slice(4)}`;
  });
};
