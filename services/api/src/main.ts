/**
 * The API process: parse the environment, connect, serve, and shut down gracefully on
 * SIGTERM (stop accepting, finish in-flight requests, close pools).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadEnvOrExit } from "@fincoach/config";
import { createDatabase } from "@fincoach/db";
import { createLogger, redactUrl } from "@fincoach/logging";
import { createMetrics, startTracing } from "@fincoach/telemetry";
import { Redis } from "ioredis";
import { createApiListener } from "./api-listener.ts";
import { DATABASE_POOL_SIZE } from "./app.ts";
import { ApiEnv, toApiConfig } from "./env.ts";
import { startInvalidationListener } from "./list-cache/invalidation-listener.ts";
import { createPageCache } from "./list-cache/page-cache.ts";

const env = loadEnvOrExit("api", ApiEnv, process.env);
const config = toApiConfig(env);
const logger = createLogger({ service: "api", level: env.LOG_LEVEL });
const tracing = await startTracing({ service: "api", otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
const database = createDatabase(env.DATABASE_URL, { max: DATABASE_POOL_SIZE });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
redis.on("error", (e) => logger.warn({ err: e.message }, "redis error"));

// Bypassed until its listener is connected: pages are only kept while changes are noticed.
const listCache = config.listCache.maxBytes > 0 ? createPageCache(config.listCache) : undefined;
const listener = listCache
  ? await startInvalidationListener({ url: env.DATABASE_URL, cache: listCache, logger })
  : undefined;
const api = createApiListener({
  deps: { database, redis, config, ...(listCache ? { listCache } : {}) },
  logger,
  metrics: createMetrics("api"),
});
const server = createServer(api.listener).listen(config.http.port, config.http.host, () => {
  const { port } = server.address() as AddressInfo;
  logger.info({ port, database: redactUrl(env.DATABASE_URL) }, "api listening");
});

const shutdown = (signal: string) => {
  logger.info({ signal }, "shutting down");
  server.close(async () => {
    await api.idle();
    await Promise.allSettled([listener?.stop(), database.close(), redis.quit(), tracing.shutdown()]);
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
