import type { RequestListener } from "node:http";
import { trackInFlight } from "@fincoach/http";
import { getRequestListener } from "@hono/node-server";
import { type CreateAppOptions, createApp } from "./app.ts";

/**
 * The ML service as a Node request listener; `idle()` resolves once no handler is running,
 * for graceful shutdown.
 */
export const createMlListener = (options: CreateAppOptions & { hostname: string }) => {
  const app = createApp(options);
  const inFlight = trackInFlight(app.fetch);
  const listener: RequestListener = getRequestListener(inFlight.fetch, { hostname: options.hostname });
  return { app, listener, idle: inFlight.idle };
};
