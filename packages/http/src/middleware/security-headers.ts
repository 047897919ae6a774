import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * Hono's `secureHeaders` with its defaults (`X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, `Cross-Origin-Resource-Policy: same-origin`,
 * `Strict-Transport-Security`, …) on every response, error and 404 answers included. Only
 * change: `X-Frame-Options: DENY`, as no FinCoach page is meant to be framed, not even by
 * itself. A Content-Security-Policy is set where HTML is served (the docs page), since JSON
 * responses run nothing.
 */
export const securityHeaders = (): MiddlewareHandler => secureHeaders({ xFrameOptions: "DENY" });
