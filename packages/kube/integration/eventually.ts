/** Polls `check` every 50 ms until it stops throwing (returning its value) or `timeoutMs` passes. */
export const eventually = async <T>(check: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
};
