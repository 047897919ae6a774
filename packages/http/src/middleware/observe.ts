import type { Logger } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";
import type { BaseEnv } from "../base-env.ts";

export type ObserveOptions = { logger: Logger; metrics: Metrics; service: string };

/**
 * Per request: a child logger with the request id, a server span joined to the caller's
 * W3C trace context, the duration histogram by route pattern, and one access-log line.
 * One middleware rather than three so the three agree on route, status and timing.
 */
export const observe = ({ logger, metrics, service }: ObserveOptions): MiddlewareHandler<BaseEnv> => {
  if (!logger || !metrics) throw new Error("observe(): logger and metrics are required");
  const tracer = trace.getTracer(service);
  return async (c, next) => {
    const started = process.hrtime.bigint();
    const log = logger.child({ requestId: c.var.requestId });
    c.set("logger", log);
    const parent = propagation.extract(context.active(), Object.fromEntries(c.req.raw.headers));
    const span = tracer.startSpan(`${c.req.method}`, { kind: SpanKind.SERVER }, parent);
    await context.with(trace.setSpan(parent, span), next);
    const route = c.req.routePath && c.res.status !== 404 ? c.req.routePath : "unmatched";
    const status = c.res.status;
    span.updateName(`${c.req.method} ${route}`);
    span.setAttributes({
      "http.request.method": c.req.method,
      "http.route": route,
      "http.response.status_code": status,
    });
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.httpRequestDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
    if (route !== "/metrics" && route !== "/healthz") {
      log.info(
        {
          method: c.req.method,
          route,
          status,
          ms: Math.round(seconds * 1e4) / 10,
          traceId: span.spanContext().traceId,
        },
        "request",
      );
    }
  };
};
