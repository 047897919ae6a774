/**
 * The baseline: the smallest Hono app on @hono/node-server, no middleware, no database.
 * Run as its own process by the API benchmark; its req/s is the ceiling the real API is
 * compared with on the same machine in the same run.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.json({ hello: "world" }));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8090), hostname: "127.0.0.1" });
process.once("SIGTERM", () => server.close(() => process.exit(0)));
