import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export type MetricsServerOptions = {
  registry: Registry;
  /** 0 picks a free port (tests); the bound one is `port` on the result. */
  port: number;
  /** @default "0.0.0.0" */
  host?: string;
};

/** A listening metrics server: where it bound, and how to stop it. */
export type MetricsServer = { port: number; close: () => Promise<void> };

export const METRICS_PATH = "/metrics";

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
    registry.metrics().then(
      (text) =>
        res.writeHead(200, { "content-type": registry.contentType }).end(req.method === "HEAD" ? undefined : text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("collecting metrics failed\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // A scraper's keep-alive socket would hold close() open until it times out.
        server.closeIdleConnections();
      }),
  };
};
