import { users } from "@fincoach/db";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createTestDatabase, createTestRedis } from "@fincoach/testing";
import { createApp } from "../app.ts";
import { signAccessToken } from "../auth/access-token.ts";
import { toApiConfig } from "../env.ts";
import { startInvalidationListener } from "../list-cache/invalidation-listener.ts";
import { createPageCache } from "../list-cache/page-cache.ts";

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * The real API on a fresh database and Redis prefix, exercised in-process with
 * `app.request()`. `close()` drops the database and deletes the Redis keys.
 */
export const startHarness = async (overrides: Partial<Parameters<typeof toApiConfig>[0]> = {}) => {
  const database = await createTestDatabase();
  const metrics = createMetrics("api");
  const { redis, prefix, cleanup } = await createTestRedis();
  const config = toApiConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.url,
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
    IMPORT_MAX_BYTES: 20 * 1024 * 1024,
    LIST_CACHE_MB: 32,
    REDIS_PREFIX: prefix,
    ...overrides,
  });
  const logger = createLogger({ service: "api", level: "silent" });
  // As main.ts wires it: the cache is only in use while its listener is connected.
  const listCache = config.listCache.maxBytes > 0 ? createPageCache(config.listCache) : undefined;
  const listener = listCache
    ? await startInvalidationListener({ url: database.url, cache: listCache, logger })
    : undefined;
  const app = createApp({
    deps: { database, redis, config, ...(listCache ? { listCache } : {}) },
    logger,
    metrics,
  });

  /** Calls the API; JSON bodies are serialized, and `token` becomes a bearer header. */
  const call = async (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | FormData | undefined;
    if (opts.body instanceof FormData) body = opts.body;
    else if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    const res = await app.request(path, { method, headers, body });
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
    listCache,
    listener,
    call,
    newUser,
    close: async () => {
      await listener?.stop();
      await Promise.all([database.drop(), cleanup()]);
    },
  };
};
