import type { ChildServer } from "../shared/child-server.ts";

export type CacheLookups = { hit: number; miss: number; bypass: number };
export type HitRate = CacheLookups & { rate: number };

/** The API's list-cache lookup counters from its /metrics (zeros when the cache is off). */
export const listCacheLookups = async (api: ChildServer): Promise<CacheLookups> => {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const count = (result: string) =>
    Number(new RegExp(`^list_cache_lookups_total\\{result="${result}"[^}]*\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
  return { hit: count("hit"), miss: count("miss"), bypass: count("bypass") };
};

/** The lookups between two readings, and the share that were hits. */
export const hitRate = (before: CacheLookups, after: CacheLookups): HitRate => {
  const hit = after.hit - before.hit;
  const miss = after.miss - before.miss;
  const bypass = after.bypass - before.bypass;
  return { hit, miss, bypass, rate: hit / Math.max(1, hit + miss + bypass) };
};

export const describeHitRate = (h: HitRate): string =>
  `${(h.rate * 100).toFixed(2)} % hits (${h.hit} hits, ${h.miss} misses, ${h.bypass} bypassed)`;

/**
 * Requests every person's first page once, a few at a time, so the list's rounds measure
 * cache hits only (and the hit rate over the rounds shows it: any miss there means pages
 * were evicted or invalidated during the load).
 */
export const warmListCache = async (
  api: ChildServer,
  tokens: readonly string[],
  path: string,
  concurrency = 8,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const token = tokens[next++]!;
      const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`warming the list cache: GET ${path} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};
