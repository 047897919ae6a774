import { safeError } from "@fincoach/logging";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { BaseEnv } from "./base-env.ts";
import { withDeadline } from "./with-deadline.ts";

/** A named readiness check: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

export type HealthOptions = {
  checks: ReadinessCheck[];
  /**
   * How long one check may take before its dependency counts as down. Under the kubelet's
   * default probe timeout (1 s), so a hung dependency answers 503 rather than a probe timeout.
   * @default 800
   */
  timeoutMs?: number;
};

/** What `/readyz` reports per dependency; never the driver's error text (that goes to the log). */
export type CheckStatus = "ok" | "down";

const NOT_READY = "https://fincoach.dev/problems/not-ready";

/**
 * `/healthz` (the process is alive: no dependency checks, so a database outage doesn't
 * restart every pod) and `/readyz` (every dependency answers within `timeoutMs`: 200
 * `{status, checks}`, else 503 problem+json whose `checks` says which is down). Metrics are
 * not served here: they have their own port (`startMetricsServer` in @fincoach/telemetry).
 */
export const registerHealth = <E extends BaseEnv>(
  app: OpenAPIHono<E>,
  { checks, timeoutMs = 800 }: HealthOptions,
): void => {
  if (!(timeoutMs > 0)) throw new Error(`registerHealth: timeoutMs must be positive, not ${timeoutMs}`);
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }): Promise<[string, CheckStatus]> => {
        try {
          await withDeadline(check(), timeoutMs);
          return [name, "ok"];
        } catch (e) {
          c.get("logger").warn({ check: name, err: safeError(e) }, "readiness check failed");
          return [name, "down"];
        }
      }),
    );
    const statuses = Object.fromEntries(results);
    const down = results.filter(([, status]) => status === "down").map(([name]) => name);
    if (down.length === 0) return c.json({ status: "ready", checks: statuses }, 200);
    const problem = {
      type: NOT_READY,
      title: "Service Unavailable",
      status: 503,
      detail: `not ready: ${down.join(", ")} did not answer`,
      instance: c.req.path,
      checks: statuses,
    };
    return c.body(JSON.stringify(problem), 503, { "content-type": "application/problem+json" });
  });
};
