import type { RequestListener } from "node:http";
import { trackInFlight } from "@fincoach/http";
import { getRequestListener } from "@hono/node-server";
import { type CreateAppOptions, createApp } from "./app.ts";

/**
 * The API as a Node request listener: every request goes through the Hono app, one
 * pipeline. `idle()` resolves once no handler is running, for graceful shutdown.
 */
export const createApiListener = (options: CreateAppOptions) => {
  const app = createApp(options);
  const inFlight = trackInFlight(app.fetch);
  // `hostname`: the URL of a request without a Host header (HTTP/1.0), as `serve()` would.
  const listener: RequestListener = getRequestListener(inFlight.fetch, { hostname: options.deps.config.http.host });
  return { app, listener, idle: inFlight.idle };
};
