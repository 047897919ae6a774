import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { users } from "@fincoach/db";
import { type ScoreModel, signAccessToken } from "@fincoach/domain";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createTestDatabase, createTestRedis } from "@fincoach/testing";
import { createApiListener } from "../api-listener.ts";
import { toApiConfig } from "../env.ts";

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * The real API on a fresh database and Redis prefix, exercised in-process with
 * `app.request()` or over HTTP (`call(..., { http: true })`). `close()` drops the database
 * and deletes the Redis keys.
 */
export const startHarness = async (
  overrides: Partial<Parameters<typeof toApiConfig>[0]> = {},
  /** The model stage the API's pipeline calls (tests pass a real in-process one); none by default. */
  options: { scoreModel?: ScoreModel } = {},
) => {
  const database = await createTestDatabase();
  const metrics = createMetrics("api");
  const { redis, prefix, cleanup } = await createTestRedis();
  const config = toApiConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: 10,
    REDIS_URL: "redis://127.0.0.1:6379",
    OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
    PORT: 0,
    HOST: "127.0.0.1",
    TRUST_PROXY: false,
    JWT_SECRET: "test-secret-test-secret-test-secret!",
    ACCESS_TOKEN_TTL_SECONDS: 900,
    REFRESH_TOKEN_TTL_DAYS: 30,
    LOGIN_MAX_PER_ACCOUNT: 5,
    LOGIN_MAX_PER_IP: 20,
    LOGIN_WINDOW_SECONDS: 60,
    // auth hardening: sign-up limits out of the way (socket-less tests share one address);
    // the tests of the limits set their own.
    REGISTER_MAX_PER_IP: 1000,
    REGISTER_IP_WINDOW_SECONDS: 600,
    REGISTER_MAX_GLOBAL: 1000,
    REGISTER_GLOBAL_WINDOW_SECONDS: 60,
    PASSWORD_HASH_CONCURRENCY: 2,
    PASSWORD_HASH_QUEUE: 100,
    PASSWORD_HASH_MAX_WAIT_MS: 30_000,
    AUTH_USER_RECHECK_SECONDS: 30,
    IMPORT_MAX_BYTES: 20 * 1024 * 1024,
    IMPORT_MAX_CONCURRENT: 4,
    IMPORT_MAX_CONCURRENT_PER_PERSON: 1,
    JSON_BODY_MAX_BYTES: 1024 * 1024,
    METRICS_PORT: 0,
    REDIS_PREFIX: prefix,
    ML_URL: undefined,
    ML_URL_TEMPLATE: undefined,
    TRAFFIC_WEIGHTS_FILE: undefined,
    ML_MODEL: "categorizer",
    ML_TIMEOUT_MS: 2000,
    CATEGORY_ACCEPT_WINDOW_DAYS: 7,
    CATEGORY_SETTLE_INTERVAL_SECONDS: 0,
    CONNECTION_KEYS: `test:${randomBytes(32).toString("base64")}`,
    CONNECTION_CHECK_TIMEOUT_MS: 5000,
    PLAID_BASE_URL: "http://127.0.0.1:9",
    PLAID_CLIENT_ID: undefined,
    PLAID_SECRET: undefined,
    // Public addresses only, as in production; webhook tests allow their receiver's range.
    WEBHOOK_ALLOW_PRIVATE: false,
    WEBHOOK_ALLOWED_CIDRS: [],
    ...overrides,
  });
  const logger = createLogger({ service: "api", level: "silent" });
  const { app, listener } = createApiListener({
    deps: { database, redis, config, scoreModel: options.scoreModel },
    logger,
    metrics,
  });

  // A real HTTP server on the listener main.ts serves, started on first use.
  let server: Server | undefined;
  const baseUrl = async () => {
    if (!server) {
      server = createServer(listener);
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    }
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  /**
   * Calls the API; JSON bodies are serialized, and `token` becomes a bearer header. In
   * process with `app.request()`, or with `http: true` over HTTP to the listener main.ts uses.
   */
  const call = async (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; http?: boolean } = {},
  ) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | FormData | undefined;
    if (opts.body instanceof FormData) body = opts.body;
    else if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    const init = { method, headers, body };
    const res = opts.http ? await fetch(`${await baseUrl()}${path}`, init) : await app.request(path, init);
    const text = await res.text();
    const json = text && /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
    return { status: res.status, headers: res.headers, json, text };
  };

  /**
   * A person with a valid access token, made directly in the database so tests of other
   * features don't depend on the auth endpoints (those have their own tests).
   */
  const newUser = async (email = `u${Math.random().toString(36).slice(2)}@example.com`) => {
    const [user] = await database.db.insert(users).values({ email, passwordHash: "x" }).returning();
    const token = await signAccessToken(config.auth.jwtSecret, user!.id, 900);
    return { id: user!.id, email, token };
  };

  return {
    app,
    database,
    redis,
    config,
    metrics,
    call,
    newUser,
    close: async () => {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await Promise.all([database.drop(), cleanup()]);
    },
  };
};
