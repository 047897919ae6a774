export type LiveUsersOptions = {
  /** Whether the person exists now (the database, in the API). */
  exists: (userId: string) => Promise<boolean>;
  /** How long a confirmation is trusted; 0: ask every time. */
  ttlMs: number;
  /** Most people remembered (alive, and gone, each); the oldest is forgotten first. @default 10_000 */
  maxEntries?: number;
  /** Clock in ms, injected by tests. @default Date.now */
  now?: () => number;
};

export type LiveUsers = {
  /** Whether the person exists, asking `exists` unless confirmed within `ttlMs`. */
  confirm: (userId: string) => Promise<boolean>;
  /** Whether the person was confirmed within `ttlMs`; never asks. */
  isLive: (userId: string) => boolean;
  /** The person was deleted: `confirm` and `isLive` say no from now on, in this process. */
  forget: (userId: string) => void;
};

/** Sets `key` as the newest entry of a bounded insertion-ordered map. */
const remember = <V>(map: Map<string, V>, key: string, value: V, max: number) => {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
};

/**
 * A per-process memory of which people exist, so an access token (stateless, valid for
 * its whole life) stops working once its person is deleted, at the price of one
 * primary-key lookup per person per `ttlMs` instead of one per request. Deletion in this
 * process takes effect at once (`forget`); other processes notice within `ttlMs`. A person
 * found missing is remembered as gone (ids are random UUIDs and never come back), and a
 * lookup that was already running when `forget` was called can't revive them.
 */
export const createLiveUsers = ({
  exists,
  ttlMs,
  maxEntries = 10_000,
  now = Date.now,
}: LiveUsersOptions): LiveUsers => {
  if (!(ttlMs >= 0)) throw new RangeError("createLiveUsers: `ttlMs` must be >= 0");
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new RangeError("createLiveUsers: `maxEntries` must be >= 1");
  const confirmedAt = new Map<string, number>();
  const gone = new Map<string, true>();
  const asking = new Map<string, Promise<boolean>>();

  const isLive = (userId: string) => {
    const at = confirmedAt.get(userId);
    return at !== undefined && now() - at < ttlMs;
  };
  const forget = (userId: string) => {
    confirmedAt.delete(userId);
    remember(gone, userId, true, maxEntries);
  };
  const ask = async (userId: string): Promise<boolean> => {
    const startedAt = now();
    try {
      const found = await exists(userId);
      if (gone.has(userId)) return false;
      if (found) remember(confirmedAt, userId, startedAt, maxEntries);
      else forget(userId);
      return found;
    } finally {
      asking.delete(userId);
    }
  };
  return {
    isLive,
    forget,
    confirm: async (userId) => {
      if (gone.has(userId)) return false;
      if (isLive(userId)) return true;
      // Concurrent requests of one person share one lookup.
      let pending = asking.get(userId);
      if (!pending) {
        pending = ask(userId);
        asking.set(userId, pending);
      }
      return pending;
    },
  };
};
