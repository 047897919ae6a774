import { Hono } from "hono";
import type { Registry } from "prom-client";

/**
 * `/healthz` (the process is alive), `/readyz` (`ready`: a standby whose caches synced, so
 * it can take over, or a leader whose controllers run; never a leader reconciling nothing)
 * and `/metrics`.
 */
export const createHttpApp = (options: { registry: Registry; ready: () => boolean; isLeader: () => boolean }) => {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", (c) => {
    const ready = options.ready();
    return c.json({ status: ready ? "ready" : "not ready", leader: options.isLeader() }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) =>
    c.body(await options.registry.metrics(), 200, { "content-type": options.registry.contentType }),
  );
  return app;
};
