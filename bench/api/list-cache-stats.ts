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
