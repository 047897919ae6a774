import { type ChildServer, startChildServer } from "../shared/child-server.ts";

/**
 * The real API (services/api/src/main.ts) in its own process, on the bench database.
 * `env` adds to or overrides the server's environment (e.g. NODE_OPTIONS for profiling).
 */
export const startApiServer = (opts: {
  databaseUrl: string;
  jwtSecret: string;
  port: number;
  env?: Record<string, string>;
  /** Run the API of another checkout (e.g. the last commit, to compare a change back to back). */
  root?: string;
}): Promise<ChildServer> =>
  startChildServer({
    name: "api",
    script: "services/api/src/main.ts",
    port: opts.port,
    readyPath: "/readyz",
    ...(opts.root ? { root: opts.root } : {}),
    env: {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      DATABASE_URL: opts.databaseUrl,
      JWT_SECRET: opts.jwtSecret,
      REDIS_PREFIX: "fincoach-bench:",
      // Any free port: a bench API must not collide with one already running here.
      METRICS_PORT: "0",
      ...opts.env,
    },
  });
