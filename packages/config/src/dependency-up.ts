import { withDeadline } from "@fincoach/http";
import { Gauge, type Registry } from "prom-client";

// Imported as `@fincoach/config/dependency-up`, not from the package index: the index stays
// free of prom-client and HTTP for the deployables that only parse their environment.

export const DEPENDENCY_UP_METRIC = "fincoach_dependency_up";

/**
 * One dependency a process needs, checked the way its `/readyz` checks it (same client, same
 * query): resolves when it answers, rejects (or hangs) when it does not. The shape of
 * @fincoach/http's ReadinessCheck, so a service passes the very checks its /readyz runs.
 */
export type DependencyCheck = { name: string; check: () => Promise<unknown> };

/**
 * The readiness deadline (@fincoach/http registerHealth's default): a dependency that has not
 * answered by then counts as down, and a scrape never waits on a hung one for longer.
 */
export const DEPENDENCY_CHECK_TIMEOUT_MS = 800;

/**
 * Registers `fincoach_dependency_up{dependency}`: 1 when the check answered within
 * `timeoutMs` at this scrape, else 0. Evaluated at scrape time (prom-client `collect`), all
 * checks at once, on the process's own pooled clients: no polling between scrapes and no
 * connection of its own. Worker and beat serve no requests, so this is the only place their
 * view of PostgreSQL and Redis shows (their readiness is not scraped).
 */
export const registerDependencyUp = (
  registry: Registry,
  checks: readonly DependencyCheck[],
  { timeoutMs = DEPENDENCY_CHECK_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Gauge<"dependency"> =>
  new Gauge({
    name: DEPENDENCY_UP_METRIC,
    help: "Whether the process's dependency (postgres, redis) answered its readiness check within the deadline at this scrape (1) or not (0).",
    labelNames: ["dependency"],
    registers: [registry],
    async collect() {
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          // A check that throws synchronously is down too, not a failed scrape.
          const up = await withDeadline(Promise.resolve().then(check), timeoutMs).then(
            () => 1,
            () => 0,
          );
          return [name, up] as const;
        }),
      );
      for (const [dependency, up] of results) this.set({ dependency }, up);
    },
  });
