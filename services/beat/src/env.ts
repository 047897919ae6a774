import { CommonEnv } from "@fincoach/config";
import { z } from "zod";

/**
 * Beat's environment. Parsed once in main.ts; nothing else reads process.env.
 * `BEAT_SCHEDULES_SOURCE` defaults to `kubernetes` inside a pod (KUBERNETES_SERVICE_HOST is
 * set there) and to `local` elsewhere, so `npm start` needs no setting.
 */
export const BeatEnv = z
  .object({
    NODE_ENV: CommonEnv.NODE_ENV,
    LOG_LEVEL: CommonEnv.LOG_LEVEL,
    DATABASE_URL: CommonEnv.DATABASE_URL,
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
    REDIS_URL: CommonEnv.REDIS_URL,
    REDIS_PREFIX: CommonEnv.REDIS_PREFIX,
    OTEL_EXPORTER_OTLP_ENDPOINT: CommonEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
    HOST: CommonEnv.HOST,
    /** `/healthz`, `/readyz` and `/metrics`; 9464 is the API's, 9465 the worker's. */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9466),
    BEAT_SCHEDULES_SOURCE: z.enum(["kubernetes", "local"]).optional(),
    /** Set by Kubernetes in every pod; only decides the default source. */
    KUBERNETES_SERVICE_HOST: z.string().optional(),
    /** Kubernetes source: watch handoffs in this namespace only (default: all namespaces). */
    BEAT_NAMESPACE: z.string().min(1).optional(),
    /** Local source: the built-in schedule (default every 30 minutes). */
    BEAT_LOCAL_SCHEDULE: z.string().min(1).default("*/30 * * * *"),
    BEAT_LOCAL_TIME_ZONE: z.string().min(1).default("UTC"),
    /** Local source: the queue the local worker consumes (its SYNC_QUEUE, default `sync`). */
    SYNC_QUEUE: z.string().min(1).max(63).default("sync"),
    /** How often schedules are looked at again besides their own ticks (a peer's abandoned run, status). */
    BEAT_RECHECK_SECONDS: z.coerce.number().min(0.1).default(15),
    /** How long one replica holds a tick before a peer may take it over (a crash mid-run). */
    BEAT_RUN_LEASE_SECONDS: z.coerce.number().int().min(5).default(120),
  })
  .transform((e) => ({
    ...e,
    BEAT_SCHEDULES_SOURCE: e.BEAT_SCHEDULES_SOURCE ?? (e.KUBERNETES_SERVICE_HOST ? "kubernetes" : "local"),
  }));
export type BeatEnv = z.infer<typeof BeatEnv>;
