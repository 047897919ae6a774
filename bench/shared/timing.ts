/** Runs `fn` and returns its result with the wall-clock seconds it took. */
export const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
};

/** Formats a number with thousands separators and at most `digits` decimals. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
