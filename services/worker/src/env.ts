import { CommonEnv } from "@fincoach/config";
import { parseKeyring } from "@fincoach/domain";
import { SmtpEnv, WebhookNetworkEnv } from "@fincoach/domain/notifications";
import { checkMlClientEnv, MlClientEnv } from "@fincoach/ml-client";
import { z } from "zod";

const WorkerEnvKeys = z.object({
  NODE_ENV: CommonEnv.NODE_ENV,
  LOG_LEVEL: CommonEnv.LOG_LEVEL,
  DATABASE_URL: CommonEnv.DATABASE_URL,
  DATABASE_POOL_SIZE: CommonEnv.DATABASE_POOL_SIZE,
  REDIS_URL: CommonEnv.REDIS_URL,
  REDIS_PREFIX: CommonEnv.REDIS_PREFIX,
  OTEL_EXPORTER_OTLP_ENDPOINT: CommonEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
  HOST: CommonEnv.HOST,
  /** `/healthz`, `/readyz` and `/metrics` (the worker serves nothing else). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** The same keys as the API's (`id:base64key,...`): the worker opens connection credentials. */
  CONNECTION_KEYS: z.string().transform((spec, ctx) => {
    try {
      return parseKeyring(spec);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message });
      return z.NEVER;
    }
  }),
  /** The sync queue to consume: a SyncSchedule's (set by the operator), else `sync`. */
  SYNC_QUEUE: z.string().min(1).max(63).optional(),
  /** Overrides the sync queue's concurrency (the operator sets the SyncSchedule's). */
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(100).optional(),
  /**
   * The sync queue's lock duration: how soon a killed worker's job is resumed elsewhere
   * (default in @fincoach/jobs, 30 s). Tests shorten it.
   */
  SYNC_LOCK_DURATION_MS: z.coerce.number().int().min(1000).optional(),
  /** What this worker syncs (the operator sets the SyncSchedule's source). */
  SYNC_SOURCE: z.enum(["mail", "bank", "all"]).default("all"),
  /** Plaid's API (or a stand-in following its contract) and the client's keys, for bank-feed syncs. */
  PLAID_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://sandbox.plaid.com"),
  PLAID_CLIENT_ID: z.string().min(1).optional(),
  PLAID_SECRET: z.string().min(1).optional(),
  /** SIGTERM waits this long for running jobs to finish; the rest are picked up again elsewhere. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(25_000),
  /** The model stage for `categorize` jobs: ML_URL, ML_URL_TEMPLATE, TRAFFIC_WEIGHTS_FILE, ML_MODEL, ML_TIMEOUT_MS, as the API reads them. */
  ...MlClientEnv,
  /** Where webhooks may be delivered: WEBHOOK_ALLOW_PRIVATE, WEBHOOK_ALLOWED_CIDRS, as the API checks them. */
  ...WebhookNetworkEnv.shape,
  /** The e-mail channel: SMTP_URL (unset: no e-mail) and SMTP_FROM. */
  ...SmtpEnv.shape,
});
/** The worker's environment. Parsed once in main.ts; nothing else reads process.env. */
export const WorkerEnv = WorkerEnvKeys.superRefine(checkMlClientEnv);
export type WorkerEnv = z.infer<typeof WorkerEnv>;
