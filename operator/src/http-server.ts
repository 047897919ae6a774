import { Hono } from "hono";
import type { Registry } from "prom-client";

/**
 * `/healthz` (the process is alive), `/readyz` (every informer has synced, leader or
 * standby: a standby with warm caches is ready to take over) and `/metrics`.
 */
export const createHttpApp = (options: {
  registry: Registry;
  informersSynced: () => boolean;
  isLeader: () => boolean;
}) => {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", (c) => {
    const ready = options.informersSynced();
    return c.json({ status: ready ? "ready" : "informers not synced", leader: options.isLeader() }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) =>
    c.body(await options.registry.metrics(), 200, { "content-type": options.registry.contentType }),
  );
  return app;
};
