import { AppError } from "@fincoach/errors";

/**
 * How much synchronous import work one API process takes on at once, in upload bytes: in
 * all, and per person. An import's weight is its upload's declared size.
 */
export type ImportBudget = {
  /** Bytes of uploads being imported at once in the process. */
  perProcessBytes: number;
  /** Bytes of one person's uploads being imported at once. */
  perPersonBytes: number;
  /** The least an import weighs: a tiny file still holds a request, a parse and a transaction. */
  minWeightBytes: number;
  retryAfterSeconds: number;
};

/**
 * Bounds the memory synchronous imports can take. An import holds its file and every parsed
 * row until it commits, at 16-30 times the file's size (bench/README.md), so what must be
 * bounded is bytes in flight, not a count: two 20 MiB files cost what thousands of 10 KiB
 * ones do. Weighing by size lets a person import a handful of small files at once while one
 * large file waits its turn. Beyond a budget a request is refused at once with 429 and
 * Retry-After rather than queued: a queued upload would already hold its file in memory. An
 * import heavier than a whole budget still runs when nothing else does, so the largest
 * accepted file always can. Per process, not cluster-wide: each replica's memory is what the
 * budget protects.
 */
export const createImportSlots = (budget: ImportBudget) => {
  let inFlight = 0;
  const byPerson = new Map<string, number>();
  const busy = (message: string) =>
    new AppError("LIMIT_EXCEEDED", `${message}; retry in ${budget.retryAfterSeconds} s`, {
      retryAfterSeconds: budget.retryAfterSeconds,
    });
  const fits = (used: number, weight: number, limit: number) => used === 0 || used + weight <= limit;

  return {
    /** Runs `work` weighing `bytes`, or throws LIMIT_EXCEEDED when the person's or the process's budget is spent. */
    async run<T>(userId: string, bytes: number, work: () => Promise<T>): Promise<T> {
      const weight = Math.max(bytes, budget.minWeightBytes);
      const mine = byPerson.get(userId) ?? 0;
      if (!fits(mine, weight, budget.perPersonBytes)) throw busy("your other imports are still running");
      if (!fits(inFlight, weight, budget.perProcessBytes)) throw busy("the server is busy with other imports");
      inFlight += weight;
      byPerson.set(userId, mine + weight);
      try {
        return await work();
      } finally {
        inFlight -= weight;
        const left = (byPerson.get(userId) ?? weight) - weight;
        if (left <= 0) byPerson.delete(userId);
        else byPerson.set(userId, left);
      }
    },
    /** Upload bytes being imported now (for tests and metrics). */
    get inFlightBytes() {
      return inFlight;
    },
  };
};
export type ImportSlots = ReturnType<typeof createImportSlots>;
