import { Counter, Gauge, type Registry } from "prom-client";
import type { PageCache } from "./page-cache.ts";

/** Exposes the cache's own counters on /metrics, read at scrape time. */
export const registerPageCacheMetrics = (registry: Registry, cache: PageCache): void => {
  new Counter({
    name: "list_cache_lookups_total",
    help: "Transaction-list cache lookups by result (bypass: the invalidation listener was not connected)",
    labelNames: ["result"] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: "hit" }, cache.stats.hits);
      this.inc({ result: "miss" }, cache.stats.misses);
      this.inc({ result: "bypass" }, cache.stats.bypasses);
    },
  });
  new Counter({
    name: "list_cache_evictions_total",
    help: "Transaction-list cache entries dropped, by reason (space: the byte bound; invalidated: data changed)",
    labelNames: ["reason"] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ reason: "space" }, cache.stats.evictedForSpace);
      this.inc({ reason: "invalidated" }, cache.stats.invalidated);
    },
  });
  new Gauge({
    name: "list_cache_bytes",
    help: "Bytes held by the transaction-list cache (bodies and keys)",
    registers: [registry],
    collect() {
      this.set(cache.bytes);
    },
  });
};
