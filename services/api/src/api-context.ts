import type { Database } from "@fincoach/db";
import type { BaseEnv } from "@fincoach/http";
import type { Redis } from "ioredis";
import type { ApiConfig } from "./env.ts";
import type { PageCache } from "./list-cache/page-cache.ts";

/**
 * What the API's handlers depend on; built once in main.ts (or a test) and passed in.
 * `listCache` is absent when the list cache is turned off (LIST_CACHE_MB=0).
 */
export type ApiDeps = { database: Database; redis: Redis; config: ApiConfig; listCache?: PageCache };

/** Hono environment (context variables) of the API: base variables, the deps, and the authenticated user. */
export type ApiContext = {
  Variables: BaseEnv["Variables"] & { deps: ApiDeps; userId: string };
};
