import { AppError } from "@fincoach/errors";
import type { Logger } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import type { BaseEnv } from "./base-env.ts";
import { observe } from "./middleware/observe.ts";
import { problemResponse, toAppError } from "./problem-json.ts";
import { fromZodError } from "./zod-issues.ts";

export type NewAppOptions = { service: string; logger: Logger; metrics: Metrics };

/**
 * A Hono app with what every FinCoach service needs installed once: request ids, logging,
 * tracing and metrics, zod validation failures as 400 problem+json naming the fields,
 * every thrown error mapped to problem+json, and an OpenAPI registry for `/openapi.json`.
 */
export const newApp = <E extends BaseEnv>({ service, logger, metrics }: NewAppOptions): OpenAPIHono<E> => {
  const app = new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error, result.target);
    },
  });
  app.use(requestId({ headerName: "x-request-id" }));
  app.use(observe({ logger, metrics, service }));
  app.onError((e, c) => {
    const err = toAppError(e);
    if (err.code === "INTERNAL") c.var.logger.error({ err: e }, "unhandled error");
    return problemResponse(err, c.req.path);
  });
  app.notFound((c) =>
    problemResponse(new AppError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`), c.req.path),
  );
  return app;
};
