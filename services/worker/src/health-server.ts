import { createServer } from "node:http";
import { type ListeningServer, listenHttpServer, METRICS_PATH, serveMetrics } from "@fincoach/telemetry";
import type { Registry } from "prom-client";

export type HealthServerOptions = {
  registry: Registry;
  /** Ready to take jobs: connected and not shutting down. Checked per request. */
  ready: () => Promise<boolean>;
  port: number;
  host: string;
};

export type HealthServer = ListeningServer;

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
    if (path === METRICS_PATH) return serveMetrics(o.registry, req, res);
    return text(404, "not found");
  });
  const listening = await listenHttpServer(server, o.port, o.host);
  return {
    port: listening.port,
    close: () => {
      // Shutting down: a scrape in flight is dropped rather than waited for, and a close
      // error (not listening) is no reason to fail the drain.
      const closed = listening.close().catch(() => {});
      server.closeAllConnections();
      return closed;
    },
  };
};
