/** Options of {@link exponentialBackoff}. */
export type BackoffOptions = {
  /** Delay of the first retry. @default 5 */
  baseMs?: number;
  /** Cap on any delay. @default 1000_000 (client-go's 1000 s) */
  maxMs?: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
  /** Random spread added on top, as a fraction of the delay (0 = none). @default 0 */
  jitter?: number;
  /** Source of randomness for jitter. @default Math.random */
  random?: () => number;
};

/**
 * `attempt -> delay`: base * factor^attempt, capped at max, plus optional jitter. Attempt 0
 * is the first retry. Mirrors client-go's ItemExponentialFailureRateLimiter.
 */
export const exponentialBackoff = (options: BackoffOptions = {}): ((attempt: number) => number) => {
  const { baseMs = 5, maxMs = 1_000_000, factor = 2, jitter = 0, random = Math.random } = options;
  return (attempt) => {
    const raw = baseMs * factor ** Math.max(0, attempt);
    const capped = Number.isFinite(raw) ? Math.min(raw, maxMs) : maxMs;
    return jitter > 0 ? Math.min(maxMs, capped + capped * jitter * random()) : capped;
  };
};
