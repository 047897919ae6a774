type Fetch<A extends unknown[]> = (request: Request, ...rest: A) => Response | Promise<Response>;

/**
 * Counts requests whose handler is still running. `server.close()` only waits for open
 * sockets; a handler whose client already hung up can still be mid-query, so shutdown
 * waits for `idle()` before closing the database pool under it.
 */
export const trackInFlight = <A extends unknown[]>(fetch: Fetch<A>) => {
  let running = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    running -= 1;
    if (running === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  return {
    fetch: async (request: Request, ...rest: A): Promise<Response> => {
      running += 1;
      try {
        return await fetch(request, ...rest);
      } finally {
        settle();
      }
    },
    /** Resolves once no handler is running (at once if none is). */
    idle: (): Promise<void> => (running === 0 ? Promise.resolve() : new Promise((r) => waiters.push(r))),
    running: () => running,
  };
};
