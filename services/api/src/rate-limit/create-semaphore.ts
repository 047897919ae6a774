import { AppError } from "@fincoach/errors";

export type SemaphoreOptions = {
  /** What is limited, for the 429 message: `password hashing`. */
  name: string;
  /** Holders at once. */
  permits: number;
  /** Callers that may wait for a permit; one more is refused at once. 0: never wait. */
  maxQueue: number;
  /** Longest wait for a permit before the caller is refused. */
  maxWaitMs: number;
};

/** Gives the permit back; calling it again does nothing. */
export type Release = () => void;

export type Semaphore = {
  /** A permit, waiting in line if none is free; rejects with LIMIT_EXCEEDED (429) when the line is full or the wait too long. */
  acquire: () => Promise<Release>;
  /** Runs `task` holding a permit. */
  run: <T>(task: () => Promise<T>) => Promise<T>;
  /** Permits held and callers waiting, now. */
  load: () => { active: number; waiting: number };
};

type Waiter = { grant: (release: Release) => void; timer: NodeJS.Timeout };

const check = (o: SemaphoreOptions): void => {
  if (!o || typeof o.name !== "string" || o.name.length === 0)
    throw new TypeError("createSemaphore: `name` is required");
  if (!Number.isSafeInteger(o.permits) || o.permits < 1)
    throw new RangeError("createSemaphore: `permits` must be an integer >= 1");
  if (!Number.isSafeInteger(o.maxQueue) || o.maxQueue < 0)
    throw new RangeError("createSemaphore: `maxQueue` must be an integer >= 0");
  if (!Number.isSafeInteger(o.maxWaitMs) || o.maxWaitMs < 1)
    throw new RangeError("createSemaphore: `maxWaitMs` must be an integer >= 1");
};

/**
 * A counting semaphore with a bounded, deadlined line, for work that must not run more
 * than N at once in this process (argon2 holds 19 MiB per hash). Hand-written because the
 * usual libraries (p-limit, p-queue, async-sema) queue without bound and can't refuse a
 * caller that waited too long; refusing, with a Retry-After, is the point here.
 */
export const createSemaphore = (options: SemaphoreOptions): Semaphore => {
  check(options);
  const { name, permits, maxQueue, maxWaitMs } = options;
  const retryAfterSeconds = Math.max(1, Math.ceil(maxWaitMs / 1000));
  const busy = (why: string) =>
    new AppError("LIMIT_EXCEEDED", `${name} is busy (${why}); retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  const line: Waiter[] = [];
  let active = 0;

  const releaser = (): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = line.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant(releaser()); // the permit passes on; `active` stays the same
      } else active--;
    };
  };

  const acquire = (): Promise<Release> => {
    if (active < permits) {
      active++;
      return Promise.resolve(releaser());
    }
    if (line.length >= maxQueue) return Promise.reject(busy("too many waiting"));
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          line.splice(line.indexOf(waiter), 1);
          reject(busy("waited too long"));
        }, maxWaitMs),
      };
      line.push(waiter);
    });
  };

  return {
    acquire,
    run: async (task) => {
      const release = await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    load: () => ({ active, waiting: line.length }),
  };
};
