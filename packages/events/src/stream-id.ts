/** A Redis stream entry id, `<ms>-<seq>`, as `XADD *` makes them and SSE clients echo back. */
const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

export const isStreamId = (id: string): boolean => STREAM_ID.test(id);

/** Orders two stream ids numerically (ids exceed 2^53, so BigInt); negative when a < b. */
export const compareStreamIds = (a: string, b: string): number => {
  const [, am = "0", as = "0"] = STREAM_ID.exec(a) ?? [];
  const [, bm = "0", bs = "0"] = STREAM_ID.exec(b) ?? [];
  const d = BigInt(am) - BigInt(bm) || BigInt(as) - BigInt(bs);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
