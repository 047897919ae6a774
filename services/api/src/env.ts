import { availableParallelism } from "node:os";
import { CommonEnv } from "@fincoach/config";
import { parseKeyring } from "@fincoach/domain";
import { WebhookNetworkEnv, webhookNetworkPolicy } from "@fincoach/domain/notifications";
import { checkMlClientEnv, MlClientEnv, toMlClientConfig } from "@fincoach/ml-client";
import { z } from "zod";

/** The API's environment. Parsed once in main.ts; nothing else reads process.env. */
export const ApiEnv = z
  .object({
    NODE_ENV: CommonEnv.NODE_ENV,
    LOG_LEVEL: CommonEnv.LOG_LEVEL,
    DATABASE_URL: CommonEnv.DATABASE_URL,
    DATABASE_POOL_SIZE: CommonEnv.DATABASE_POOL_SIZE,
    REDIS_URL: CommonEnv.REDIS_URL,
    OTEL_EXPORTER_OTLP_ENDPOINT: CommonEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
    PORT: CommonEnv.PORT,
    HOST: CommonEnv.HOST,
    /** Port of the Prometheus `/metrics` server, apart from the API's (0: any free port, logged). */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    /** Behind a reverse proxy: take the client IP from the last X-Forwarded-For hop (rate limits). */
    TRUST_PROXY: z.stringbool().default(false),
    /** HMAC key for access tokens; at least 32 characters of randomness. */
    JWT_SECRET: z.string().min(32, "must be at least 32 characters"),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Login attempts allowed per window, per account and per client IP. */
    LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_PER_IP: z.coerce.number().int().min(1).default(20),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    // --- auth hardening (services/api/src/auth/README.md explains each limit) ---
    /** Sign-ups allowed per client address (IPv6: per /64) within REGISTER_IP_WINDOW_SECONDS. */
    REGISTER_MAX_PER_IP: z.coerce.number().int().min(1).default(5),
    REGISTER_IP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
    /** Sign-ups allowed from everyone together within REGISTER_GLOBAL_WINDOW_SECONDS. */
    REGISTER_MAX_GLOBAL: z.coerce.number().int().min(1).default(100),
    REGISTER_GLOBAL_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    /** argon2 hashes/verifications running at once in this process (each holds 19 MiB). */
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
    /** Requests that may wait for a hashing slot; beyond that, 429 at once. */
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(32),
    /** Longest wait for a hashing slot before 429. */
    PASSWORD_HASH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(2000),
    /** How long this process trusts that an access token's person still exists (0: ask every time). */
    AUTH_USER_RECHECK_SECONDS: z.coerce.number().int().min(0).max(900).default(30),
    // --- end auth hardening ---
    IMPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(20 * 1024 * 1024),
    /**
     * Synchronous import work one API process takes on at once, in all and per person, counted
     * in largest-size files (IMPORT_MAX_BYTES each): uploads weigh their size, so many small
     * files fit where one large one does (429 beyond). Two by default: a 20 MiB file peaks at
     * up to ~560 MiB of the process (bench/README.md).
     */
    IMPORT_MAX_CONCURRENT: z.coerce.number().int().min(1).default(2),
    IMPORT_MAX_CONCURRENT_PER_PERSON: z.coerce.number().int().min(1).default(1),
    /**
     * Uploads of at least this many bytes are queued for the worker (202) instead of imported
     * inside the request; 1 MiB by default (in toApiConfig). Why 1 MiB: a 1 MiB CSV holds about
     * 29,000 records and imports in 1-2 s holding ~30 MiB of the API process (bench/README.md:
     * 30x the file at peak), a wait a client and a proxy take; a 20 MiB file would hold the
     * request for tens of seconds and ~560 MiB of the API. 0 queues every upload.
     */
    IMPORT_ASYNC_THRESHOLD_BYTES: z.coerce.number().int().min(0).optional(),
    // --- input limits (docs/api.md "Limits") ---
    /** Largest request body in bytes, refused with 413 before it is read; uploads have IMPORT_MAX_BYTES. */
    JSON_BODY_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    // --- end input limits ---
    // --- categorization (docs/categorization.md) ---
    /** ML_URL, ML_URL_TEMPLATE, TRAFFIC_WEIGHTS_FILE, ML_MODEL, ML_TIMEOUT_MS (the worker reads the same). */
    ...MlClientEnv,
    /** A model's category kept this long counts as accepted feedback. */
    CATEGORY_ACCEPT_WINDOW_DAYS: z.coerce.number().min(0).max(365).default(7),
    /** How often this process settles kept model choices (0: never; run it elsewhere). */
    CATEGORY_SETTLE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3600),
    // --- end categorization ---
    // --- connections (docs/connections.md) ---
    /**
     * AES-256-GCM keys sealing connection credentials, `id1:base64key,id2:base64key`: the
     * first seals, the others still open (rotation). Without it, connections answer 412.
     */
    CONNECTION_KEYS: z
      .string()
      .superRefine((spec, ctx) => {
        try {
          parseKeyring(spec);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: (e as Error).message });
        }
      })
      .optional(),
    /** Longest wait for a credential check (connect + sign in) before it reports a timeout. */
    CONNECTION_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Plaid's API (or a stand-in following its contract); its client id and secret for /accounts/get. */
    PLAID_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://sandbox.plaid.com"),
    PLAID_CLIENT_ID: z.string().min(1).optional(),
    PLAID_SECRET: z.string().min(1).optional(),
    // --- end connections ---
    // --- events (docs/events.md) ---
    /** Open `GET /v1/events` streams one person may hold on this process (default 5; 429 beyond). */
    EVENTS_MAX_STREAMS_PER_PERSON: z.coerce.number().int().min(1).max(100).optional(),
    /** Seconds between heartbeat comments on an idle event stream (default 15), under proxies' idle timeouts. */
    EVENTS_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).optional(),
    // --- end events ---
    // --- nudges (docs/nudges.md) ---
    /** An OpenAI-compatible provider (its `/v1` base URL), model and key: all three, or none for templates only. */
    NUDGES_LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    NUDGES_LLM_MODEL: z.string().min(1).optional(),
    /** Secret: handed to the LLM client only, never logged. */
    NUDGES_LLM_API_KEY: z.string().min(1).optional(),
    /** The answer's token budget (default 200). */
    NUDGES_LLM_MAX_TOKENS: z.coerce.number().int().min(16).max(4096).optional(),
    /** Longest wait for an answer before the template is used (default 10000). */
    NUDGES_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).optional(),
    /** Longest nudge text in characters an LLM may write (default 280). */
    NUDGES_MAX_LENGTH: z.coerce.number().int().min(80).max(2000).optional(),
    // --- end nudges ---
    // --- webhooks (docs/notifications.md) ---
    /**
     * WEBHOOK_ALLOW_PRIVATE (every address allowed) and WEBHOOK_ALLOWED_CIDRS (ranges allowed one
     * by one): where a webhook URL may point; the worker reads the same keys when it delivers.
     */
    ...WebhookNetworkEnv.shape,
    // --- end webhooks ---
    /** Prefix for every Redis key the API writes (tests give each run its own). */
    REDIS_PREFIX: CommonEnv.REDIS_PREFIX,
  })
  .superRefine(checkMlClientEnv)
  .superRefine((env, ctx) => {
    const set = [env.NUDGES_LLM_BASE_URL, env.NUDGES_LLM_MODEL, env.NUDGES_LLM_API_KEY].filter((v) => v !== undefined);
    if (set.length !== 0 && set.length !== 3)
      ctx.addIssue({
        code: "custom",
        path: ["NUDGES_LLM_BASE_URL"],
        message: "NUDGES_LLM_BASE_URL, NUDGES_LLM_MODEL and NUDGES_LLM_API_KEY go together (or none: templates only)",
      });
  });
export type ApiEnv = z.infer<typeof ApiEnv>;

/** The grouped, typed configuration the app receives (pure mapping from the flat env). */
export const toApiConfig = (env: ApiEnv) => ({
  http: { port: env.PORT, host: env.HOST, trustProxy: env.TRUST_PROXY },
  metrics: { port: env.METRICS_PORT },
  auth: {
    jwtSecret: env.JWT_SECRET,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    login: {
      maxPerAccount: env.LOGIN_MAX_PER_ACCOUNT,
      maxPerIp: env.LOGIN_MAX_PER_IP,
      windowSeconds: env.LOGIN_WINDOW_SECONDS,
    },
    register: {
      maxPerIp: env.REGISTER_MAX_PER_IP,
      ipWindowSeconds: env.REGISTER_IP_WINDOW_SECONDS,
      maxGlobal: env.REGISTER_MAX_GLOBAL,
      globalWindowSeconds: env.REGISTER_GLOBAL_WINDOW_SECONDS,
    },
    passwordHashing: {
      concurrency: env.PASSWORD_HASH_CONCURRENCY,
      maxQueue: env.PASSWORD_HASH_QUEUE,
      maxWaitMs: env.PASSWORD_HASH_MAX_WAIT_MS,
    },
    userRecheckSeconds: env.AUTH_USER_RECHECK_SECONDS,
  },
  jsonBody: { maxBytes: env.JSON_BODY_MAX_BYTES },
  imports: {
    maxBytes: env.IMPORT_MAX_BYTES,
    maxConcurrent: env.IMPORT_MAX_CONCURRENT,
    maxConcurrentPerPerson: env.IMPORT_MAX_CONCURRENT_PER_PERSON,
    // Defaulted here, not in the schema: the key stays optional for callers that build an ApiEnv by hand.
    asyncThresholdBytes: env.IMPORT_ASYNC_THRESHOLD_BYTES ?? 2 ** 20,
  },
  ml: toMlClientConfig(env),
  categorization: {
    acceptWindowMs: env.CATEGORY_ACCEPT_WINDOW_DAYS * 24 * 3600 * 1000,
    settleIntervalMs: env.CATEGORY_SETTLE_INTERVAL_SECONDS * 1000,
  },
  connections: {
    keyring: env.CONNECTION_KEYS === undefined ? undefined : parseKeyring(env.CONNECTION_KEYS),
    checkTimeoutMs: env.CONNECTION_CHECK_TIMEOUT_MS,
    plaid: { baseUrl: env.PLAID_BASE_URL, clientId: env.PLAID_CLIENT_ID, secret: env.PLAID_SECRET },
  },
  // Defaults here, not in the schema: the keys stay optional for callers that build an ApiEnv by hand.
  events: {
    maxStreamsPerPerson: env.EVENTS_MAX_STREAMS_PER_PERSON ?? 5,
    heartbeatMs: (env.EVENTS_HEARTBEAT_SECONDS ?? 15) * 1000,
  },
  nudges: {
    maxLength: env.NUDGES_MAX_LENGTH ?? 280,
    llm:
      env.NUDGES_LLM_BASE_URL && env.NUDGES_LLM_MODEL && env.NUDGES_LLM_API_KEY
        ? {
            baseUrl: env.NUDGES_LLM_BASE_URL,
            model: env.NUDGES_LLM_MODEL,
            apiKey: env.NUDGES_LLM_API_KEY,
            maxTokens: env.NUDGES_LLM_MAX_TOKENS ?? 200,
            timeoutMs: env.NUDGES_LLM_TIMEOUT_MS ?? 10_000,
          }
        : undefined,
  },
  webhooks: {
    policy: webhookNetworkPolicy(env),
  },
  redisPrefix: env.REDIS_PREFIX,
});
export type ApiConfig = ReturnType<typeof toApiConfig>;
