import type { DependencyCheck } from "@fincoach/config/dependency-up";
import type { MlDeps } from "../ml-context.ts";

/**
 * The ML service's dependencies as `/readyz` checks them (register-health-routes.ts);
 * `fincoach_dependency_up` runs the same checks at each scrape. Redis only when this process
 * runs the training queue.
 */
export const mlDependencyChecks = ({ ml, redis }: Pick<MlDeps, "ml" | "redis">): DependencyCheck[] => [
  { name: "postgres", check: () => ml.database.sql`select 1` },
  ...(redis ? [{ name: "redis", check: () => redis.ping() }] : []),
];
