import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import { type ListeningServer, listenHttpServer } from "./listen-http-server.ts";

export type MetricsServerOptions = {
  registry: Registry;
  /** 0 picks a free port (tests); the bound one is `port` on the result. */
  port: number;
  /** @default "0.0.0.0" */
  host?: string;
};

/** A listening metrics server: where it bound, and how to stop it. */
export type MetricsServer = ListeningServer;

export const METRICS_PATH = "/metrics";

/** Answers a GET or HEAD of the metrics path with `registry` in Prometheus text format. */
export const serveMetrics = (registry: Registry, req: IncomingMessage, res: ServerResponse): void =>
  void registry.metrics().then(
    (text) =>
      res.writeHead(200, { "content-type": registry.contentType }).end(req.method === "HEAD" ? undefined : text),
    () => res.writeHead(500, { "content-type": "text/plain" }).end("collecting metrics failed\n"),
  );

/**
 * Serves `registry` at `GET /metrics` on a port of its own, and nothing else (404; 405 for
 * another method on /metrics). Kept off a service's public port: the metrics describe
 * traffic and the process, and a scrape should not be answerable by whoever can reach the
 * API (a NetworkPolicy can then admit only Prometheus to this port). Plain node:http, so a
 * service without Hono (worker, beat) uses it as it is.
 */
export const startMetricsServer = async ({
  registry,
  port,
  host = "0.0.0.0",
}: MetricsServerOptions): Promise<MetricsServer> => {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`startMetricsServer: port must be an integer 0-65535, not ${port}`);
  }
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== METRICS_PATH) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    if (req.method !== "GET" && req.method !== "HEAD") {
      return void res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
    }
    serveMetrics(registry, req, res);
  });
  return listenHttpServer(server, port, host);
};
