import type { ReadinessCheck } from "@fincoach/http";
import type { ApiDeps } from "./api-context.ts";

/**
 * What the API needs to serve: `/readyz` runs these, and `fincoach_dependency_up` runs the
 * same ones at each scrape, on the API's own pool and client.
 */
export const apiReadinessChecks = (deps: Pick<ApiDeps, "database" | "redis">): ReadinessCheck[] => [
  { name: "postgres", check: async () => void (await deps.database.sql`select 1`) },
  // Every login, refresh and rate limit needs Redis: without it the API is not ready.
  { name: "redis", check: async () => void (await deps.redis.ping()) },
];
