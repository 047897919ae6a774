/**
 * The baseline: the smallest Hono app on @hono/node-server, no middleware, no database.
 * Run as its own process by the API benchmark; its req/s is the ceiling the real API is
 * compared with on the same machine in the same run.
 *
 * With PAGE_FILE (a real list response body, written by the benchmark) it also answers
 * two list-sized baselines: what any server sending that page must pay on this machine
 * and load generator, before doing any of the work of making it.
 */
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.json({ hello: "world" }));

const pageFile = process.env.PAGE_FILE;
if (pageFile) {
  const bytes = new Uint8Array(readFileSync(pageFile));
  const page: unknown = JSON.parse(new TextDecoder().decode(bytes));
  // The same bytes every time: only HTTP and moving the page's ~20 KB over loopback.
  app.get("/page", (c) => c.body(bytes, 200, { "content-type": "application/json" }));
  // A prebuilt page serialised per request, as the list route's `c.json` does: adds JSON.stringify.
  app.get("/page-json", (c) => c.json(page));
}

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8090), hostname: "127.0.0.1" });
process.once("SIGTERM", () => server.close(() => process.exit(0)));
