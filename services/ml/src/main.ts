/**
 * The ML service process: parse the environment, connect, make sure there is a model to
 * serve (laptop start), load the versions to serve, follow the traffic weights, consume the
 * training queue, serve; shut down gracefully on SIGTERM.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exitUnlessReachable, loadEnvOrExit } from "@fincoach/config";
import { checkRedis } from "@fincoach/config/check-redis";
import { registerDependencyUp } from "@fincoach/config/dependency-up";
import { checkPostgres, createDatabase } from "@fincoach/db";
import { createLogger, redactUrl, safeError } from "@fincoach/logging";
import { createMetrics, startMetricsServer, startTracing } from "@fincoach/telemetry";
import { Redis } from "ioredis";
import { MlEnv, toMlConfig } from "./env.ts";
import { createMlListener } from "./ml-listener.ts";
import { createMlService } from "./ml-service.ts";
import { mlDependencyChecks } from "./routes/dependency-checks.ts";
import { ensureDefaultModel } from "./training/ensure-default-model.ts";
import { createRetrainingTrigger } from "./training/retraining-trigger.ts";
import { trainInThread } from "./training/train-in-thread.ts";
import { createTrainingQueue } from "./training/training-queue.ts";
import { startTrainingWorker } from "./training/training-worker.ts";

const env = loadEnvOrExit("ml", MlEnv, process.env);
await exitUnlessReachable("ml", [() => checkPostgres(env.DATABASE_URL), () => checkRedis(env.REDIS_URL)]);
const config = toMlConfig(env);
const logger = createLogger({ service: "ml", level: env.LOG_LEVEL });
const tracing = await startTracing({ service: "ml", otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
const database = createDatabase(env.DATABASE_URL, { max: env.DATABASE_POOL_SIZE });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
redis.on("error", (e) => logger.warn({ err: e.message }, "redis error"));
const metrics = createMetrics("ml");

if (config.training.ensureDefaultModel && !config.serving.pinned)
  await ensureDefaultModel({
    db: database.db,
    model: config.serving.defaultModel,
    store: config.training.store,
    logger,
  });

const ml = createMlService({ database, config, logger, registry: metrics.registry });
// PostgreSQL and Redis as /readyz sees them, at each scrape.
registerDependencyUp(metrics.registry, mlDependencyChecks({ ml, redis }));
await ml.start();

const queue = createTrainingQueue(redis, config.redisPrefix);
const trigger = createRetrainingTrigger({
  db: database.db,
  queue,
  minCorrections: config.training.retrainAfterCorrections,
  logger,
});
const worker = config.training.worker
  ? startTrainingWorker({
      db: database.db,
      redis,
      redisPrefix: config.redisPrefix,
      logger,
      store: config.training.store,
      minRows: config.training.minRows,
      minCategories: config.training.minCategories,
      train: trainInThread,
      onTrained: (userId) => ml.personModels.forget(userId),
    })
  : null;
const sweep =
  config.training.sweepSeconds > 0
    ? setInterval(
        () => void trigger.sweep().catch((e) => logger.warn({ err: safeError(e) }, "retraining sweep failed")),
        config.training.sweepSeconds * 1000,
      )
    : null;

// /metrics rides on the service port unless METRICS_PORT is set (the chart's and the operator's pods set it).
const metricsServer =
  config.metrics.port === null
    ? null
    : await startMetricsServer({ registry: metrics.registry, port: config.metrics.port, host: config.http.host }).catch(
        (e: unknown) => {
          logger.fatal({ port: config.metrics.port, err: safeError(e) }, "cannot serve metrics");
          process.exit(1);
        },
      );
const service = createMlListener({
  deps: {
    ml,
    redis,
    metricsRegistry: metricsServer ? null : metrics.registry,
    onCorrection: trigger.afterCorrection,
  },
  logger,
  metrics,
  hostname: config.http.host,
});
const server = createServer(service.listener).listen(config.http.port, config.http.host, () => {
  const { port } = server.address() as AddressInfo;
  logger.info(
    {
      port,
      metricsPort: metricsServer?.port ?? port,
      mode: config.serving.pinned ? "pinned" : "registry",
      serving: ml.registry.serving().map((l) => `${l.ref.model}/${l.ref.version}`),
      database: redactUrl(env.DATABASE_URL),
    },
    "ml listening",
  );
});

const shutdown = (signal: string) => {
  logger.info({ signal }, "shutting down");
  if (sweep) clearInterval(sweep);
  server.close(async () => {
    await service.idle();
    await Promise.allSettled([worker?.close(), queue.close()]);
    await ml.close();
    await Promise.allSettled([metricsServer?.close(), database.close(), redis.quit(), tracing.shutdown()]);
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
