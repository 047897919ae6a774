/** An opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = { readonly id: unknown };

/**
 * Time and timers, injected everywhere the runtime waits so that tests drive time with a
 * {@link FakeClock} instead of sleeping.
 */
export type Clock = {
  /** Milliseconds since the epoch: for timestamps written down (wall time, which may jump). */
  now(): number;
  /**
   * Milliseconds from an arbitrary origin that never jumps (NTP steps, a VM resumed): for
   * measuring how long something took or has been, as client-go measures lease expiry.
   */
  monotonic(): number;
  /** Runs `fn` after `ms` milliseconds (never blocks process exit: timers are unref'd). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
};

/** The real clock: `Date.now()`, `performance.now()` and unref'd Node timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return { id: timer };
  },
  clearTimeout: (handle) => clearTimeout(handle.id as NodeJS.Timeout),
};

/**
 * Resolves after `ms` on `clock`, or at once (without rejecting) when `signal` aborts, so
 * loops can sleep and still stop promptly on shutdown.
 */
export const sleep = (clock: Clock, ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clock.clearTimeout(handle);
      resolve();
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
