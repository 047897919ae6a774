/** A serialised response: the exact body bytes and their strong ETag. */
export type CachedPage = { body: Uint8Array<ArrayBuffer>; etag: string };

/**
 * Taken before reading the database; `put` stores a page only while it is still valid, so
 * a page read before an invalidation that arrives while it is being built is never kept.
 */
export type FillTicket = { userId: string; key: string; epoch: number; generation: number };

type Entry = CachedPage & { userId: string; size: number };

/**
 * Invalidation counters per slot of a hash of the person's id: fixed memory whatever the
 * number of people; two people sharing a slot only costs a skipped fill, never a stale page.
 */
const GENERATION_SLOTS = 4096;

const slotOf = (userId: string): number => {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 0x01000193);
  return (h >>> 0) & (GENERATION_SLOTS - 1);
};

/**
 * Query strings remembered with their canonical key, least recently used dropped first.
 * Small: clients repeat the few URLs they build (a first page, a filter or two); each
 * cursor is used about once, so paging through history only cycles the cold end.
 */
const MAX_KNOWN_QUERIES = 1024;
/** Longer ones (a long search) are rarely repeated; skipping them bounds the bytes. */
const MAX_KNOWN_QUERY_LENGTH = 512;

/** Map keys and the entry object's own fields, roughly: counted so many tiny pages can't overrun the bound. */
const ENTRY_OVERHEAD_BYTES = 200;

export type PageCacheStats = {
  hits: number;
  misses: number;
  /** Lookups while the cache was suspended (invalidation source not connected). */
  bypasses: number;
  /** Entries dropped to stay under the byte bound. */
  evictedForSpace: number;
  /** Entries dropped because their person's data changed, or everything was cleared. */
  invalidated: number;
};

/**
 * A bounded LRU of serialised pages by person and canonical query, bounded by bytes. It
 * starts suspended: lookups bypass it and nothing is stored until `resume` (the
 * invalidation listener's connection is up), because a page cached while changes could go
 * unnoticed could be served stale forever.
 */
export const createPageCache = ({ maxBytes }: { maxBytes: number }) => {
  // Map iteration order is insertion order: re-inserting on a hit makes the first key the LRU.
  const entries = new Map<string, Entry>();
  const keysByUser = new Map<string, Set<string>>();
  const generations = new Uint32Array(GENERATION_SLOTS);
  const keysByQuery = new Map<string, string>();
  const stats: PageCacheStats = { hits: 0, misses: 0, bypasses: 0, evictedForSpace: 0, invalidated: 0 };
  let bytes = 0;
  let epoch = 0;
  let live = false;

  const entryKey = (userId: string, key: string) => `${userId}\n${key}`;

  const remove = (k: string, entry: Entry) => {
    entries.delete(k);
    bytes -= entry.size;
    const keys = keysByUser.get(entry.userId);
    keys?.delete(k);
    if (keys?.size === 0) keysByUser.delete(entry.userId);
  };

  const clear = () => {
    stats.invalidated += entries.size;
    entries.clear();
    keysByUser.clear();
    bytes = 0;
    epoch++;
  };

  /** The page, counted as a hit; on a miss counts nothing, for a caller that goes on to `get`. */
  const hit = (userId: string, key: string): CachedPage | undefined => {
    if (!live) return undefined;
    const k = entryKey(userId, key);
    const entry = entries.get(k);
    if (!entry) return undefined;
    stats.hits++;
    entries.delete(k);
    entries.set(k, entry);
    return entry;
  };

  return {
    maxBytes,
    stats,
    get live() {
      return live;
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },

    hit,

    get(userId: string, key: string): CachedPage | undefined {
      const page = hit(userId, key);
      if (!page) {
        if (live) stats.misses++;
        else stats.bypasses++;
      }
      return page;
    },

    /**
     * The canonical key of a query string (`queryStringKey`: path and the URL after `?`)
     * that was validated before: a repeat can be looked up without parsing and validating it
     * again. Not per person: the same string always parses to the same query.
     */
    keyOfQuery(queryString: string): string | undefined {
      const key = keysByQuery.get(queryString);
      if (key !== undefined) {
        keysByQuery.delete(queryString); // most recently used last
        keysByQuery.set(queryString, key);
      }
      return key;
    },

    /** Call only with a query string that passed validation, so odd URLs never get in. */
    rememberQuery(queryString: string, key: string): void {
      if (queryString.length > MAX_KNOWN_QUERY_LENGTH) return;
      keysByQuery.delete(queryString);
      if (keysByQuery.size >= MAX_KNOWN_QUERIES) keysByQuery.delete(keysByQuery.keys().next().value!);
      keysByQuery.set(queryString, key);
    },

    /** Undefined while suspended: what is read now must not be stored. */
    ticket(userId: string, key: string): FillTicket | undefined {
      return live ? { userId, key, epoch, generation: generations[slotOf(userId)]! } : undefined;
    },

    put(ticket: FillTicket, page: CachedPage): void {
      const { userId, key } = ticket;
      if (!live || ticket.epoch !== epoch || ticket.generation !== generations[slotOf(userId)]) return;
      const size = page.body.byteLength + page.etag.length + 2 * (userId.length + key.length) + ENTRY_OVERHEAD_BYTES;
      if (size > maxBytes) return;
      const k = entryKey(userId, key);
      const old = entries.get(k);
      if (old) remove(k, old);
      entries.set(k, { ...page, userId, size });
      bytes += size;
      const keys = keysByUser.get(userId);
      if (keys) keys.add(k);
      else keysByUser.set(userId, new Set([k]));
      for (const [lruKey, lru] of entries) {
        if (bytes <= maxBytes) break;
        remove(lruKey, lru);
        stats.evictedForSpace++;
      }
    },

    /** The person's data changed: drop their pages, and any fill that read before now. */
    evictUser(userId: string): void {
      generations[slotOf(userId)]!++;
      const keys = keysByUser.get(userId);
      if (!keys) return;
      for (const k of keys) {
        const entry = entries.get(k);
        if (entry) remove(k, entry);
        stats.invalidated++;
      }
    },

    /** Anyone's data may have changed. */
    clear,

    /** Changes may go unnoticed from now on: empty, and neither read nor fill until `resume`. */
    suspend(): void {
      live = false;
      clear();
    },

    /** Changes are noticed again; what was missed meanwhile is unknown, so start empty. */
    resume(): void {
      clear();
      live = true;
    },
  };
};

export type PageCache = ReturnType<typeof createPageCache>;
