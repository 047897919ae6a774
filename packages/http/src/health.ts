import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Registry } from "prom-client";
import type { BaseEnv } from "./base-env.ts";

/** A named readiness check: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

/**
 * `/healthz` (the process is alive: no dependency checks, so a database outage doesn't
 * restart every pod), `/readyz` (every dependency answers; 503 naming the failing ones)
 * and `/metrics` (Prometheus text format).
 */
export const registerHealth = <E extends BaseEnv>(
  app: OpenAPIHono<E>,
  { checks, registry }: { checks: ReadinessCheck[]; registry: Registry },
): void => {
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await check();
          return { name, ok: true };
        } catch (e) {
          return { name, ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    return c.json({ status: ready ? "ready" : "not ready", checks: results }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) => c.body(await registry.metrics(), 200, { "content-type": registry.contentType }));
};
