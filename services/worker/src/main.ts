/**
 * The worker process: parse the environment, connect, consume the sync and categorize
 * queues, serve /healthz, /readyz and /metrics on METRICS_PORT; on SIGTERM stop taking jobs
 * and let running ones finish within SHUTDOWN_GRACE_MS.
 */
import { exitUnlessReachable, loadEnvOrExit } from "@fincoach/config";
import { checkRedis } from "@fincoach/config/check-redis";
import { registerDependencyUp } from "@fincoach/config/dependency-up";
import { checkPostgres, createDatabase } from "@fincoach/db";
import { createSmtpMailer, webhookNetworkPolicy } from "@fincoach/domain/notifications";
import { registerQueueBacklog } from "@fincoach/jobs";
import { createLogger, logErrors, redactUrl, safeError } from "@fincoach/logging";
import { createScoreModelFromConfig, toMlClientConfig } from "@fincoach/ml-client";
import { createMetrics, startTracing } from "@fincoach/telemetry";
import { Redis } from "ioredis";
import { WorkerEnv } from "./env.ts";
import { startHealthServer } from "./health-server.ts";
import { startWorkers } from "./start-workers.ts";
import { registerSyncJobOutcomes } from "./sync-job-outcomes.ts";

const env = loadEnvOrExit("worker", WorkerEnv, process.env);
await exitUnlessReachable("worker", [() => checkPostgres(env.DATABASE_URL), () => checkRedis(env.REDIS_URL)]);
const logger = createLogger({ service: "worker", level: env.LOG_LEVEL });
const tracing = await startTracing({ service: "worker", otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
const database = createDatabase(env.DATABASE_URL, { max: env.DATABASE_POOL_SIZE });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
logErrors(redis, logger, "redis error", { client: "shared" });
const metrics = createMetrics("worker");
// Without SMTP_URL there is no e-mail channel: e-mail deliveries fail, saying so, in their log.
const mailer = env.SMTP_URL ? createSmtpMailer(env.SMTP_URL, env.SMTP_FROM) : undefined;

const workers = startWorkers({
  db: database.db,
  redis,
  redisPrefix: env.REDIS_PREFIX,
  keyring: env.CONNECTION_KEYS,
  logger,
  syncQueue: env.SYNC_QUEUE,
  syncConcurrency: env.SYNC_CONCURRENCY,
  source: env.SYNC_SOURCE,
  plaid: { baseUrl: env.PLAID_BASE_URL, clientId: env.PLAID_CLIENT_ID, secret: env.PLAID_SECRET },
  // Without ML_URL (or a traffic-weights file) synced rows get rules and remembered corrections only.
  scoreModel: createScoreModelFromConfig(toMlClientConfig(env), logger),
  syncJobOutcomes: registerSyncJobOutcomes(metrics.registry),
  ...(env.SYNC_LOCK_DURATION_MS ? { syncSettings: { lockDurationMs: env.SYNC_LOCK_DURATION_MS } } : {}),
  webhookPolicy: webhookNetworkPolicy(env),
  mailer,
});
registerQueueBacklog(metrics.registry, workers.queues);
// What /readyz checks, on the process's own clients; also run at each scrape (fincoach_dependency_up).
const dependencies = [
  { name: "postgres", check: () => database.sql`select 1` },
  { name: "redis", check: () => redis.ping() },
];
registerDependencyUp(metrics.registry, dependencies);

let draining = false;
const health = await startHealthServer({
  registry: metrics.registry,
  port: env.METRICS_PORT,
  host: env.HOST,
  // A dependency that does not answer rejects: 503.
  ready: async () => {
    if (draining || !workers.workers.every((w) => w.isRunning())) return false;
    await Promise.all(dependencies.map((d) => d.check()));
    return true;
  },
}).catch((e: unknown) => {
  logger.fatal({ port: env.METRICS_PORT, err: safeError(e) }, "cannot serve health and metrics");
  process.exit(1);
});
logger.info(
  {
    metricsPort: health.port,
    queues: workers.queues.map((q) => q.name),
    source: env.SYNC_SOURCE,
    database: redactUrl(env.DATABASE_URL),
  },
  "worker running",
);

const shutdown = async (signal: string) => {
  if (draining) return;
  draining = true;
  logger.info({ signal, graceMs: env.SHUTDOWN_GRACE_MS }, "draining");
  const { drained } = await workers.close(env.SHUTDOWN_GRACE_MS);
  mailer?.close();
  logger.info({ drained }, drained ? "drained" : "grace period over; running jobs left to stalled-job recovery");
  await Promise.allSettled([health.close(), database.close(), redis.quit(), tracing.shutdown()]);
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
