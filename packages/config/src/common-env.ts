import { z } from "zod";

/** Environment keys several deployables share; each `env.ts` spreads the ones it uses. */
export const CommonEnv = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }),
  /**
   * PostgreSQL connections per process. Fewer than the concurrent requests on purpose:
   * postgres.js pipelines queries on each connection and Postgres switches between fewer
   * backends. On the 2-core bench machine the list served 10-15 % more at 10 than at 20,
   * while POST (commits wait for WAL flushes) lost 10-20 % at 4-6 (bench/README.md). Size it
   * with the database's max_connections in mind: replicas x this must fit.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// URL" }).default("redis://127.0.0.1:6379"),
  /** Prefix of every Redis key (queues, events, rate limits): services sharing a Redis agree on it. */
  REDIS_PREFIX: z.string().default("fincoach:"),
  /** Standard OTel variable; traces are exported only when it is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
} as const;
