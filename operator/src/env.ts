import { hostname } from "node:os";
import { CommonEnv } from "@fincoach/config";
import { APP_SECRET_DEFAULT_NAME } from "@fincoach/contracts";
import { z } from "zod";

const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);

/** The operator's environment. Parsed once in main.ts; nothing else reads process.env. */
export const OperatorEnv = z
  .object({
    LOG_LEVEL: CommonEnv.LOG_LEVEL,
    /** Watch one namespace; empty watches all (needs the ClusterRole). */
    WATCH_NAMESPACE: z.string().default(""),
    /** This replica's identity in the Lease; the Downward API's pod name in a cluster. */
    POD_NAME: z.string().min(1).default(hostname()),
    /** Where the Lease lives; the Downward API's pod namespace in a cluster. */
    POD_NAMESPACE: z.string().min(1).default("default"),
    LEASE_NAME: z.string().min(1).default("fincoach-operator"),
    LEASE_DURATION_SECONDS: seconds(15),
    LEASE_RENEW_DEADLINE_SECONDS: seconds(10),
    LEASE_RETRY_PERIOD_SECONDS: seconds(2),
    /**
     * How long a new leader waits for its caches to sync before it gives up: it then
     * releases the Lease and exits non-zero (controller-runtime's CacheSyncTimeout).
     */
    CACHE_SYNC_TIMEOUT_SECONDS: seconds(120),
    /**
     * After leadership ends (lost, or SIGTERM) in-flight reconciles are aborted; this bounds
     * the wait for them to return before the process goes on to exit.
     */
    GRACEFUL_SHUTDOWN_SECONDS: seconds(10),
    /** `/metrics`, `/healthz`, `/readyz`. */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
    HOST: CommonEnv.HOST,
    /**
     * Base URL of the ML service that serves a version's stats; `{service}`, `{namespace}`,
     * `{model}` and `{version}` are filled in per version.
     */
    STATS_URL_TEMPLATE: z.string().min(1).default("http://{service}.{namespace}.svc:8080"),
    STATS_TIMEOUT_SECONDS: seconds(5),
    /** Where a candidate's figures come from: the ML service's stats endpoint, or Prometheus. */
    STATS_SOURCE: z.enum(["http", "prometheus"]).default("http"),
    /** Prometheus's base URL (its HTTP API under `/api/v1`); required with STATS_SOURCE=prometheus. */
    PROMETHEUS_URL: z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }).optional(),
    /**
     * The target label Prometheus's scrape config puts the pod's namespace in, matched
     * against the ModelVersion's namespace; empty matches every namespace.
     */
    PROMETHEUS_NAMESPACE_LABEL: z
      .string()
      .regex(/^([a-zA-Z_][a-zA-Z0-9_]*)?$/, "must be a Prometheus label name or empty")
      .default("namespace"),
    /** Every primary is reconciled again this often even without events (drift repair). */
    RESYNC_SECONDS: seconds(600),
    /** Parallel reconciles per controller (never two on one key). */
    WORKERS: z.coerce.number().int().min(1).max(64).default(4),
    /**
     * Start a candidate's analysis only once its Deployment has an available replica. Turn
     * off only where no pods run (a bare control plane without a kubelet).
     */
    ROLLOUT_REQUIRE_AVAILABLE: z.stringbool().default(true),
    /** A Secret the sync workers get as envFrom (REDIS_URL, DATABASE_URL...). */
    WORKER_ENV_SECRET: z.string().optional(),
    /**
     * The Secret whose DATABASE_URL and REDIS_URL keys the per-version ML pods read (the
     * chart's `secretName`; @fincoach/contracts APP_SECRET_KEYS).
     */
    MODEL_SERVER_SECRET: z.string().min(1).default(APP_SECRET_DEFAULT_NAME),
  })
  .refine((env) => env.STATS_SOURCE !== "prometheus" || env.PROMETHEUS_URL !== undefined, {
    path: ["PROMETHEUS_URL"],
    message: "required when STATS_SOURCE=prometheus",
    // Reported alongside any other bad key, not only once the rest is valid.
    when: () => true,
  });
export type OperatorEnv = z.infer<typeof OperatorEnv>;

/** Which stats source the operator reads, with that source's options. */
const toStatsConfig = (env: OperatorEnv) => {
  const timeoutMs = env.STATS_TIMEOUT_SECONDS * 1000;
  if (env.STATS_SOURCE === "http") return { source: "http", urlTemplate: env.STATS_URL_TEMPLATE, timeoutMs } as const;
  if (!env.PROMETHEUS_URL) throw new Error("PROMETHEUS_URL is required when STATS_SOURCE=prometheus");
  return {
    source: "prometheus",
    url: env.PROMETHEUS_URL,
    namespaceLabel: env.PROMETHEUS_NAMESPACE_LABEL || undefined,
    timeoutMs,
  } as const;
};
export type StatsConfig = ReturnType<typeof toStatsConfig>;

/** The grouped configuration the operator receives (pure mapping from the flat env). */
export const toOperatorConfig = (env: OperatorEnv) => ({
  watchNamespace: env.WATCH_NAMESPACE || undefined,
  identity: env.POD_NAME,
  lease: {
    namespace: env.POD_NAMESPACE,
    name: env.LEASE_NAME,
    durationMs: env.LEASE_DURATION_SECONDS * 1000,
    renewDeadlineMs: env.LEASE_RENEW_DEADLINE_SECONDS * 1000,
    retryPeriodMs: env.LEASE_RETRY_PERIOD_SECONDS * 1000,
  },
  cacheSyncTimeoutMs: env.CACHE_SYNC_TIMEOUT_SECONDS * 1000,
  gracefulShutdownMs: env.GRACEFUL_SHUTDOWN_SECONDS * 1000,
  http: { port: env.METRICS_PORT, host: env.HOST },
  stats: toStatsConfig(env),
  resyncMs: env.RESYNC_SECONDS * 1000,
  workers: env.WORKERS,
  syncSchedule: { workerEnvSecret: env.WORKER_ENV_SECRET },
  modelVersion: { secretName: env.MODEL_SERVER_SECRET },
  requireAvailable: env.ROLLOUT_REQUIRE_AVAILABLE,
});
export type OperatorConfig = ReturnType<typeof toOperatorConfig>;
