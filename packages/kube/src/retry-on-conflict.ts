import { isConflict } from "./api-errors.ts";
import { type Clock, sleep, systemClock } from "./clock.ts";

/** Options of {@link retryOnConflict}. */
export type RetryOnConflictOptions = {
  /** Total attempts, the first included. @default 5 */
  attempts?: number;
  /** Delay before the first retry, doubling after. @default 10 */
  baseDelayMs?: number;
  /** Which errors are retried. @default isConflict (409 other than AlreadyExists) */
  retryIf?: (error: unknown) => boolean;
  clock?: Clock;
};

/**
 * Runs a read-modify-write `fn` again (after a short backoff) while it fails with a 409
 * Conflict, like client-go's RetryOnConflict: `fn` must re-read the object each time so
 * the update carries the latest resourceVersion. Other errors, and the last conflict, throw.
 */
export const retryOnConflict = async <T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOnConflictOptions = {},
): Promise<T> => {
  const { attempts = 5, baseDelayMs = 10, retryIf = isConflict, clock = systemClock } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt + 1 >= attempts || !retryIf(error)) throw error;
      await sleep(clock, baseDelayMs * 2 ** attempt);
    }
  }
};
