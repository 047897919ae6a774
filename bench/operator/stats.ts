/** Nearest-rank percentile (p in 0-100) of `values`; NaN for none. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
};

/** "PASS" when `ok`, else "FAIL". */
export const verdict = (ok: boolean): "PASS" | "FAIL" => (ok ? "PASS" : "FAIL");
