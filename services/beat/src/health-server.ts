import { createServer } from "node:http";
import { type ListeningServer, listenHttpServer, METRICS_PATH, serveMetrics } from "@fincoach/telemetry";
import type { Registry } from "prom-client";

export type HealthServer = ListeningServer;

/**
 * `/healthz` (the process answers), `/readyz` (`ready()` resolves to null: schedules known,
 * Redis and PostgreSQL answer; else 503 with the reason) and `/metrics`, on one port of
 * beat's own: beat serves nothing else.
 */
export const startHealthServer = async ({
  registry,
  port,
  host,
  ready,
}: {
  registry: Registry;
  port: number;
  host: string;
  ready: () => Promise<string | null>;
}): Promise<HealthServer> => {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD")
      return void res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
    const text = (status: number, body: string) =>
      void res.writeHead(status, { "content-type": "text/plain" }).end(req.method === "HEAD" ? undefined : body);
    if (path === "/healthz") return text(200, "ok\n");
    if (path === "/readyz")
      return void ready().then(
        (reason) => (reason === null ? text(200, "ok\n") : text(503, `${reason}\n`)),
        (e: unknown) => text(503, `${(e as Error).message}\n`),
      );
    if (path === METRICS_PATH) return serveMetrics(registry, req, res);
    text(404, "not found\n");
  });
  return listenHttpServer(server, port, host);
};
