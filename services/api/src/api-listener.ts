import type { RequestListener } from "node:http";
import { createObserver, trackInFlight } from "@fincoach/http";
import { getRequestListener } from "@hono/node-server";
import { type CreateAppOptions, createApp } from "./app.ts";
import { createAccessTokenVerifier } from "./auth/access-token-verifier.ts";
import { serveHitsFirst } from "./list-cache/serve-hits-first.ts";

/**
 * The API as a Node request listener: the Hono app, with cached list pages answered ahead
 * of it when the list cache is on (`serveHitsFirst`; both share one access-token verifier,
 * so a token verified by Hono is known ahead of it). `idle()` resolves once no Hono
 * handler is running, for graceful shutdown; answers ahead of Hono are synchronous.
 */
export const createApiListener = ({ deps, logger, metrics }: Omit<CreateAppOptions, "accessTokens">) => {
  const accessTokens = createAccessTokenVerifier(deps.config.auth.jwtSecret);
  const app = createApp({ deps, logger, metrics, accessTokens });
  const inFlight = trackInFlight(app.fetch);
  // `hostname`: the URL of a request without a Host header (HTTP/1.0), as `serve()` would.
  const viaHono: RequestListener = getRequestListener(inFlight.fetch, { hostname: deps.config.http.host });
  const ahead = deps.listCache
    ? serveHitsFirst(
        {
          cache: deps.listCache,
          knownUser: accessTokens.known,
          observer: createObserver({ logger, metrics, service: "api" }),
          logger,
        },
        viaHono,
      )
    : undefined;
  return {
    app,
    listener: ahead?.listener ?? viaHono,
    idle: inFlight.idle,
    /** Requests answered ahead of Hono so far (0 with the list cache off). */
    answeredAhead: () => ahead?.answered() ?? 0,
  };
};
