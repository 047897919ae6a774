/**
 * The beat process: parse the environment, connect, follow the schedules (the operator's
 * handoffs in a cluster, the built-in default on a laptop), enqueue each tick's sync jobs
 * exactly once across replicas, report status; shut down gracefully on SIGTERM.
 */
import { exitUnlessReachable, loadEnvOrExit } from "@fincoach/config";
import { checkRedis } from "@fincoach/config/check-redis";
import { registerDependencyUp } from "@fincoach/config/dependency-up";
import { checkPostgres, createDatabase } from "@fincoach/db";
import { KubeConnection, KubeObjectApi } from "@fincoach/kube";
import { createLogger, logErrors, redactUrl, safeError } from "@fincoach/logging";
import { createMetrics, startTracing } from "@fincoach/telemetry";
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { Beat } from "./beat.ts";
import { createBeatMetrics } from "./beat-metrics.ts";
import { BeatEnv } from "./env.ts";
import { startHealthServer } from "./health-server.ts";
import { watchScheduleHandoffs } from "./kubernetes-schedules.ts";
import { localSchedule } from "./local-schedule.ts";
import { ScheduleRegistry } from "./schedule-registry.ts";
import { createStatusWriter } from "./status-configmap.ts";

const env = loadEnvOrExit("beat", BeatEnv, process.env);
await exitUnlessReachable("beat", [() => checkPostgres(env.DATABASE_URL), () => checkRedis(env.REDIS_URL)]);
const logger = createLogger({ service: "beat", level: env.LOG_LEVEL });
const tracing = await startTracing({ service: "beat", otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
const database = createDatabase(env.DATABASE_URL, { max: env.DATABASE_POOL_SIZE });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
logErrors(redis, logger, "redis error", { client: "shared" });
const metrics = createMetrics("beat");
// What /readyz checks, on the process's own clients; also run at each scrape (fincoach_dependency_up).
const dependencies = [
  { name: "redis", check: () => redis.ping() },
  { name: "postgres", check: () => database.db.execute(sql`select 1`) },
];
registerDependencyUp(metrics.registry, dependencies);
const registry = new ScheduleRegistry();

let kube: { api: KubeObjectApi; informer: ReturnType<typeof watchScheduleHandoffs> } | null = null;
if (env.BEAT_SCHEDULES_SOURCE === "kubernetes") {
  const connection = await KubeConnection.fromDefault().catch((e: unknown) => {
    logger.fatal({ err: safeError(e) }, "no Kubernetes connection (BEAT_SCHEDULES_SOURCE=kubernetes)");
    process.exit(1);
  });
  const informer = watchScheduleHandoffs({ connection, registry, logger, namespace: env.BEAT_NAMESPACE });
  kube = { api: KubeObjectApi.fromConnection(connection), informer };
  await informer.start();
} else {
  registry.put(
    localSchedule({ schedule: env.BEAT_LOCAL_SCHEDULE, timeZone: env.BEAT_LOCAL_TIME_ZONE, queue: env.SYNC_QUEUE }),
  );
}

const beat = new Beat({
  db: database.db,
  redis,
  redisPrefix: env.REDIS_PREFIX,
  registry,
  logger,
  metrics: createBeatMetrics(metrics.registry),
  owner: process.env.HOSTNAME,
  runLeaseMs: env.BEAT_RUN_LEASE_SECONDS * 1000,
  ...(kube ? { onStatus: createStatusWriter(kube.api) } : {}),
});
beat.start(env.BEAT_RECHECK_SECONDS * 1000);

const health = await startHealthServer({
  registry: metrics.registry,
  port: env.METRICS_PORT,
  host: env.HOST,
  ready: async () => {
    if (kube && !kube.informer.hasSynced()) return "handoff ConfigMaps not listed yet";
    for (const { name, check } of dependencies)
      if (
        !(await check().then(
          () => true,
          () => false,
        ))
      )
        return `${name} unreachable`;
    return null;
  },
}).catch((e: unknown) => {
  logger.fatal({ port: env.METRICS_PORT, err: safeError(e) }, "cannot serve health and metrics");
  process.exit(1);
});
logger.info(
  {
    source: env.BEAT_SCHEDULES_SOURCE,
    metricsPort: health.port,
    schedules: registry.list().map((s) => `${s.namespace}/${s.name} "${s.schedule}" ${s.timeZone}`),
    database: redactUrl(env.DATABASE_URL),
  },
  "beat running",
);

const shutdown = async (signal: string) => {
  logger.info({ signal }, "shutting down");
  setTimeout(() => process.exit(1), 10_000).unref();
  // A run in progress finishes; a tick cut short is taken over when its lease expires.
  await kube?.informer.stop();
  await beat.close();
  await Promise.allSettled([health.close(), database.close(), redis.quit(), tracing.shutdown()]);
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
