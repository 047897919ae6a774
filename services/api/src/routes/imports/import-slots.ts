import { AppError } from "@fincoach/errors";

/** How many synchronous imports one API process runs at once, in all and per person. */
export type ImportSlotLimits = { perProcess: number; perPerson: number; retryAfterSeconds: number };

/**
 * Bounds the memory synchronous imports can take: an import holds its file and parsed rows
 * until it commits (up to a few times the file size; bench/README.md), so N concurrent
 * uploads cost N times that. Beyond the caps a request is refused at once with 429 and
 * Retry-After rather than queued: a queued upload would already hold its file in memory.
 * Per process, not cluster-wide: each replica's memory is what the caps protect.
 */
export const createImportSlots = (limits: ImportSlotLimits) => {
  let running = 0;
  const byPerson = new Map<string, number>();
  const busy = (message: string) =>
    new AppError("LIMIT_EXCEEDED", `${message}; retry in ${limits.retryAfterSeconds} s`, {
      retryAfterSeconds: limits.retryAfterSeconds,
    });

  return {
    /** Runs `work` in a slot, or throws LIMIT_EXCEEDED when the process or the person has none free. */
    async run<T>(userId: string, work: () => Promise<T>): Promise<T> {
      const mine = byPerson.get(userId) ?? 0;
      if (mine >= limits.perPerson) throw busy("an import of yours is still running");
      if (running >= limits.perProcess) throw busy("the server is busy with other imports");
      running++;
      byPerson.set(userId, mine + 1);
      try {
        return await work();
      } finally {
        running--;
        const left = (byPerson.get(userId) ?? 1) - 1;
        if (left === 0) byPerson.delete(userId);
        else byPerson.set(userId, left);
      }
    },
    /** Imports running now (for tests and metrics). */
    get running() {
      return running;
    },
  };
};
export type ImportSlots = ReturnType<typeof createImportSlots>;
