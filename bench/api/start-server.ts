import { type ChildServer, startChildServer } from "../shared/child-server.ts";

/** The real API (services/api/src/main.ts) in its own process, on the bench database. */
export const startApiServer = (opts: { databaseUrl: string; jwtSecret: string; port: number }): Promise<ChildServer> =>
  startChildServer({
    name: "api",
    script: "services/api/src/main.ts",
    port: opts.port,
    readyPath: "/readyz",
    env: {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      DATABASE_URL: opts.databaseUrl,
      JWT_SECRET: opts.jwtSecret,
      REDIS_PREFIX: "fincoach-bench:",
    },
  });

/** The bare Hono baseline (bench/api/bare-hono.ts) in its own process. */
export const startBareHono = (port: number): Promise<ChildServer> =>
  startChildServer({ name: "bare-hono", script: "bench/api/bare-hono.ts", port, readyPath: "/", env: {} });
