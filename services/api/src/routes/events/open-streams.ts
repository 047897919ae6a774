/** Open event streams per person on this process, refusing one past the cap. */
export type OpenStreams = {
  /**
   * Takes a slot for `userId`, with how to end that stream from outside (`closeAll`): its
   * release function (idempotent), or undefined at the cap.
   */
  tryOpen: (userId: string, end: () => void) => (() => void) | undefined;
  /** Streams open now, for one person or in all. */
  count: (userId?: string) => number;
  /** Ends every open stream (shutdown: an SSE response never finishes on its own). */
  closeAll: () => void;
};

/**
 * Counted per process, not across replicas: what the cap protects is this process's
 * sockets and Redis connections (one each per stream), and a count in Redis would outlive a
 * crashed replica's streams and lock people out until it expired.
 */
export const createOpenStreams = (maxPerPerson: number): OpenStreams => {
  const open = new Map<string, Set<() => void>>();
  const count = (userId?: string) =>
    userId === undefined ? [...open.values()].reduce((n, s) => n + s.size, 0) : (open.get(userId)?.size ?? 0);
  return {
    tryOpen: (userId, end) => {
      if (count(userId) >= maxPerPerson) return undefined;
      // A wrapper per stream: two streams may pass the same function.
      const entry = () => end();
      const mine = open.get(userId) ?? new Set();
      open.set(userId, mine.add(entry));
      return () => {
        mine.delete(entry);
        if (mine.size === 0 && open.get(userId) === mine) open.delete(userId);
      };
    },
    count,
    closeAll: () => {
      for (const streams of [...open.values()]) for (const end of [...streams]) end();
    },
  };
};
