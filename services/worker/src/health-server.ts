import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export type HealthServerOptions = {
  registry: Registry;
  /** Ready to take jobs: connected and not shutting down. Checked per request. */
  ready: () => Promise<boolean>;
  port: number;
  host: string;
};

export type HealthServer = { port: number; close: () => Promise<void> };

/**
 * The worker's only listener: `/healthz` (the process answers), `/readyz` (it can work:
 * Redis and PostgreSQL answer, not draining) and `/metrics` (Prometheus, including the
 * queue backlog the HPA scales on). A worker takes no HTTP traffic otherwise.
 */
export const startHealthServer = async (o: HealthServerOptions): Promise<HealthServer> => {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const text = (status: number, body: string) =>
      void res.writeHead(status, { "content-type": "text/plain" }).end(`${body}\n`);
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "method not allowed");
    if (path === "/healthz") return text(200, "ok");
    if (path === "/readyz")
      return void o.ready().then(
        (ok) => text(ok ? 200 : 503, ok ? "ready" : "not ready"),
        () => text(503, "not ready"),
      );
    if (path === "/metrics")
      return void o.registry.metrics().then(
        (body) => res.writeHead(200, { "content-type": o.registry.contentType }).end(body),
        () => text(500, "collecting metrics failed"),
      );
    return text(404, "not found");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
