import type { Logger } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import { context, propagation, SpanKind, SpanStatusCode, type TextMapGetter, trace } from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";
import type { BaseEnv } from "../base-env.ts";

export type ObserveOptions = { logger: Logger; metrics: Metrics; service: string };

/**
 * Reads trace headers one by one. Copying every header into an object
 * (`Object.fromEntries(headers)`) made @hono/node-server build a full WHATWG Headers
 * object per request; `get` reads Node's parsed headers directly.
 */
const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * `parent.child(bindings)`, made on first use. pino's child() serialises and redacts its
 * bindings straight away, and most requests never log through it (the access line below
 * doesn't), so each request gets this stand-in and only a request that logs pays.
 */
export const lazyChildLogger = (parent: Logger, bindings: Record<string, unknown>): Logger => {
  let child: Logger | undefined;
  const real = () => {
    child ??= parent.child(bindings);
    return child;
  };
  // An empty target: the proxy answers everything from the child, and no invariant of
  // the parent's own properties can clash with the child's values.
  return new Proxy({} as Logger, {
    get: (_target, key) => {
      const value = Reflect.get(real(), key);
      return typeof value === "function" ? value.bind(real()) : value;
    },
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
  });
};

/** Routes that answer probes and scrapes: measured, never access-logged. */
const QUIET_ROUTES = new Set(["/metrics", "/healthz"]);

/**
 * Per request: a logger bound to the request id, a server span joined to the caller's
 * W3C trace context, the duration histogram by route pattern, and one access-log line.
 * One middleware rather than three so the three agree on route, status and timing.
 * It runs on every request, so it does no work nobody will see: the child logger is made
 * on first use, span attributes are set only on a recording span (with no exporter the
 * span is a no-op that still carries the caller's trace context), and the access line
 * is built only when its level is enabled.
 */
export const observe = ({ logger, metrics, service }: ObserveOptions): MiddlewareHandler<BaseEnv> => {
  if (!logger || !metrics) throw new Error("observe(): logger and metrics are required");
  const tracer = trace.getTracer(service);
  return async (c, next) => {
    const started = performance.now();
    const requestId = c.get("requestId");
    c.set("logger", lazyChildLogger(logger, { requestId }));
    const parent = propagation.extract(context.active(), c.req.raw.headers, headerGetter);
    const span = tracer.startSpan(c.req.method, { kind: SpanKind.SERVER }, parent);
    await context.with(trace.setSpan(parent, span), next);
    const method = c.req.method;
    const status = c.res.status;
    const route = c.req.routePath && status !== 404 ? c.req.routePath : "unmatched";
    if (span.isRecording()) {
      span.updateName(`${method} ${route}`);
      span.setAttributes({ "http.request.method": method, "http.route": route, "http.response.status_code": status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
    const seconds = (performance.now() - started) / 1e3;
    metrics.httpRequestDuration.observe({ method, route, status: String(status) }, seconds);
    if (!QUIET_ROUTES.has(route) && logger.isLevelEnabled("info")) {
      // Same fields as a line from the request's child logger, without making one.
      const ms = Math.round(seconds * 1e4) / 10;
      logger.info({ requestId, method, route, status, ms, traceId: span.spanContext().traceId }, "request");
    }
  };
};
