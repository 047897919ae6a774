import { z } from "zod";

/** Environment keys several deployables share; each `env.ts` spreads the ones it uses. */
export const CommonEnv = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// URL" }).default("redis://127.0.0.1:6379"),
  /** Standard OTel variable; traces are exported only when it is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
} as const;
