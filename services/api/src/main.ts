/**
 * The API process: parse the environment, connect, serve, and shut down gracefully on
 * SIGTERM (tell kept-alive clients to reconnect elsewhere, stop accepting, finish in-flight
 * requests, close pools).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exitUnlessReachable, loadEnvOrExit } from "@fincoach/config";
import { checkRedis } from "@fincoach/config/check-redis";
import { registerDependencyUp } from "@fincoach/config/dependency-up";
import { checkPostgres, createDatabase } from "@fincoach/db";
import { createLogger, logErrors, redactUrl } from "@fincoach/logging";
import { createScoreModelFromConfig } from "@fincoach/ml-client";
import { createMetrics, startMetricsServer, startTracing } from "@fincoach/telemetry";
import { Redis } from "ioredis";
import { createApiListener } from "./api-listener.ts";
import { ApiEnv, toApiConfig } from "./env.ts";
import { keepAliveDrain } from "./keep-alive-drain.ts";
import { startSettleTimer } from "./ml/settle-timer.ts";
import { apiReadinessChecks } from "./readiness-checks.ts";
import { closeEventStreams } from "./routes/events/close-event-streams.ts";

const env = loadEnvOrExit("api", ApiEnv, process.env);
// One line naming host:port and the cause, instead of a driver error naming only a query.
await exitUnlessReachable("api", [() => checkPostgres(env.DATABASE_URL), () => checkRedis(env.REDIS_URL)]);
const config = toApiConfig(env);
const logger = createLogger({ service: "api", level: env.LOG_LEVEL });
const tracing = await startTracing({ service: "api", otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
const database = createDatabase(env.DATABASE_URL, { max: env.DATABASE_POOL_SIZE });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
logErrors(redis, logger, "redis error", { client: "shared" });

const metrics = createMetrics("api");
// PostgreSQL and Redis as /readyz sees them, at each scrape.
registerDependencyUp(metrics.registry, apiReadinessChecks({ database, redis }));
// Prometheus scrapes a port of its own; the public port has no /metrics.
const metricsServer = await startMetricsServer({
  registry: metrics.registry,
  port: config.metrics.port,
  host: config.http.host,
}).catch((e: unknown) => {
  logger.fatal({ port: config.metrics.port, err: e instanceof Error ? e.message : String(e) }, "cannot serve metrics");
  process.exit(1);
});
logger.info({ port: metricsServer.port }, "metrics listening");
// Without ML_URL (or a traffic-weights file) the pipeline runs rules and remembered corrections only.
const scoreModel = createScoreModelFromConfig(config.ml, logger);
logger.info({ ml: scoreModel ? (config.ml.trafficWeightsFile ?? config.ml.url) : null }, "categorization model stage");
const settleTimer = startSettleTimer({
  db: database.db,
  intervalMs: config.categorization.settleIntervalMs,
  windowMs: config.categorization.acceptWindowMs,
  logger,
});
const deps = { database, redis, config, scoreModel, logger };
const api = createApiListener({ deps, logger, metrics });
const drain = keepAliveDrain(api.listener);
const server = createServer(drain.listener).listen(config.http.port, config.http.host, () => {
  const { port } = server.address() as AddressInfo;
  logger.info({ port, database: redactUrl(env.DATABASE_URL) }, "api listening");
});

const shutdown = async (signal: string) => {
  logger.info({ signal }, "shutting down");
  // Past the drain's own bound (keep-alive timeout + margin) and the last handlers: give up.
  setTimeout(() => process.exit(1), server.keepAliveTimeout + 12_000).unref();
  // Open event streams never end by themselves; their clients resume on another replica.
  closeEventStreams(deps);
  // Kept-alive clients are told to reconnect (to another replica) rather than cut off mid-request.
  await drain.drain(server);
  await api.idle();
  await settleTimer.stop();
  await Promise.allSettled([metricsServer.close(), database.close(), redis.quit(), tracing.shutdown()]);
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
