/**
 * `npm start`: brings FinCoach up on a fresh machine. Without DATABASE_URL it starts an
 * embedded PostgreSQL with its data in .fincoach/ (kept across restarts); it checks Redis,
 * applies migrations, and runs every service that exists so far.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { checkPostgres, migrateDatabase, postgresTarget } from "@fincoach/db";
import { startEmbeddedPostgres } from "./start/embedded-postgres.ts";
import { localConnectionKeys } from "./start/local-connection-keys.ts";
import { localSecret } from "./start/local-secret.ts";
import { requireRedis } from "./start/require-redis.ts";
import { runServices, type ServiceName } from "./start/run-services.ts";

const root = join(import.meta.dirname, "..");
const dataDir = process.env.FINCOACH_DATA_DIR ?? join(root, ".fincoach");
const say = (line: string) => process.stdout.write(`fincoach: ${line}\n`);

/** The innermost cause's message, first line: the driver's reason under a query builder's wrapper. */
const rootCause = (e: unknown): string => {
  let inner = e;
  while (inner instanceof Error && inner.cause !== undefined) inner = inner.cause;
  return (inner instanceof Error ? inner.message : String(inner)).split("\n")[0] ?? "";
};

const fail = (e: unknown): never => {
  process.stderr.write(`fincoach: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
};

mkdirSync(dataDir, { recursive: true });
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
await requireRedis(redisUrl).catch(fail);

let databaseUrl = process.env.DATABASE_URL;
let stopDatabase = async () => {};
if (!databaseUrl) {
  const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
  say(`no DATABASE_URL: starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${join(dataDir, "pgdata")})`);
  const embedded = await startEmbeddedPostgres(dataDir, port).catch(fail);
  databaseUrl = embedded.url;
  stopDatabase = embedded.stop;
}
const unreachable = await checkPostgres(databaseUrl);
if (unreachable)
  fail(
    process.env.DATABASE_URL
      ? `${unreachable}; check DATABASE_URL (without it, npm start runs an embedded PostgreSQL)`
      : unreachable,
  );
const target = postgresTarget(databaseUrl).where;
// drizzle's error names only the statement ("Failed query: CREATE SCHEMA ..."); its cause says why.
await migrateDatabase(databaseUrl).catch((e: unknown) =>
  fail(`migrating PostgreSQL at ${target} failed: ${rootCause(e)}`),
);
say("database migrated");

const port = process.env.PORT ?? "8080";
const mlPort = process.env.ML_PORT ?? "8081";
const shared: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl };
const { METRICS_PORT: _apiMetricsPort, ...withoutMetricsPort } = shared;
// Each service gets its own ports: they share this machine (the cluster gives each a pod).
const connectionKeys = process.env.CONNECTION_KEYS ?? localConnectionKeys(dataDir);
const mlUrl = process.env.ML_URL ?? `http://127.0.0.1:${mlPort}`;
const envFor = (service: ServiceName): NodeJS.ProcessEnv => {
  switch (service) {
    case "ml":
      return {
        ...withoutMetricsPort,
        PORT: mlPort,
        // Unset: the ML service serves /metrics on its own port (as in the cluster).
        ...(process.env.ML_METRICS_PORT ? { METRICS_PORT: process.env.ML_METRICS_PORT } : {}),
        // The laptop has no ModelVersion: train the default model from the shipped data on first start.
        ENSURE_DEFAULT_MODEL: "true",
      };
    case "worker":
      return {
        ...withoutMetricsPort,
        METRICS_PORT: process.env.WORKER_METRICS_PORT ?? "9465",
        CONNECTION_KEYS: connectionKeys,
        ML_URL: mlUrl,
      };
    case "beat":
      return {
        ...withoutMetricsPort,
        METRICS_PORT: process.env.BEAT_METRICS_PORT ?? "9466",
        // No SyncSchedule on a laptop: beat's built-in schedule syncs every connection every 30 minutes.
        BEAT_SCHEDULES_SOURCE: "local",
      };
    default:
      return {
        ...shared,
        PORT: port,
        JWT_SECRET: process.env.JWT_SECRET ?? localSecret(dataDir, "jwt-secret"),
        CONNECTION_KEYS: connectionKeys,
        ML_URL: mlUrl,
      };
  }
};
runServices(root, envFor, (code) => {
  stopDatabase().finally(() => process.exit(code));
});
say(`ML service on http://localhost:${mlPort} (the first start trains the default model, ~10 s)`);
say(`API on http://localhost:${port} (docs: http://localhost:${port}/docs) — Ctrl-C stops everything`);
