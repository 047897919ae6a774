import { AppError } from "@fincoach/errors";
import { type Logger, safeError } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { BaseEnv } from "./base-env.ts";
import { jsonBodyLimit } from "./middleware/json-body-limit.ts";
import { observe } from "./middleware/observe.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { wellFormedInput } from "./middleware/well-formed-input.ts";
import { problemResponse, toAppError } from "./problem-json.ts";
import { requestId } from "./request-id.ts";
import { fromZodError } from "./zod-issues.ts";

export type NewAppOptions = {
  service: string;
  logger: Logger;
  metrics: Metrics;
  /** Largest request body (multipart uploads set their own). @default 1 MiB */
  jsonBodyMaxBytes?: number;
};

/**
 * A Hono app with what every FinCoach service needs installed once: request ids, logging,
 * tracing and metrics, the input limits (body size, text PostgreSQL can store; see
 * docs/api.md "Limits"), zod validation failures as 400 problem+json naming the fields,
 * every thrown error mapped to problem+json, and an OpenAPI registry for `/openapi.json`.
 */
export const newApp = <E extends BaseEnv>({
  service,
  logger,
  metrics,
  jsonBodyMaxBytes,
}: NewAppOptions): OpenAPIHono<E> => {
  const app = new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error, result.target);
    },
  });
  app.use(securityHeaders());
  app.use(requestId());
  app.use(observe({ logger, metrics, service }));
  app.use(jsonBodyLimit({ maxBytes: jsonBodyMaxBytes }));
  app.use(wellFormedInput());
  app.onError((e, c) => {
    const err = toAppError(e);
    if (err.code === "INTERNAL") c.get("logger").error({ err: safeError(e) }, "unhandled error");
    return respondProblem(c, err);
  });
  app.notFound((c) => respondProblem(c, new AppError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`)));
  return app;
};

/** Goes through the context so headers set by middleware (x-request-id) stay on error responses. */
const respondProblem = (c: Context, err: AppError): Response => {
  const res = problemResponse(err, c.req.path);
  return c.newResponse(res.body, res.status as ContentfulStatusCode, Object.fromEntries(res.headers));
};
