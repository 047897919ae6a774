/**
 * Polls `check` every `intervalMs` until it stops throwing (returning its value), or
 * rethrows its last error after `timeoutMs`: for what a real peer (apiserver, database,
 * Prometheus) does asynchronously. A deadline, never a fixed sleep.
 */
export const eventually = async <T>(check: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 50): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
};
