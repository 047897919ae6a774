import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "@fincoach/logging";
import type { Metrics } from "@fincoach/telemetry";
import {
  type Context,
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from "@opentelemetry/api";
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

/** The same for a Node request's parsed headers (lower-case names). */
export const nodeHeaderGetter: TextMapGetter<IncomingHttpHeaders> = {
  get: (headers, key) => headers[key],
  keys: (headers) => Object.keys(headers),
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

/** Routes that answer liveness probes: measured, never access-logged (scrapes go to the metrics port). */
const QUIET_ROUTES = new Set(["/healthz"]);

/** One request being observed: its span's context, and `end` once the status is known. */
export type Observation = {
  context: Context;
  end: (route: string, status: number, requestId: string) => void;
};

/**
 * Per request: a server span joined to the caller's W3C trace context, the duration
 * histogram by route pattern, and one access-log line, all agreeing on route, status and
 * timing. It runs on every request, so it does no work nobody will see: span attributes
 * are set only on a recording span (with no exporter the span is a no-op that still
 * carries the caller's trace context), and the access line is built only when its level
 * is enabled. Used by `observe` below, and by code that answers a request before Hono.
 */
export const createObserver = ({ logger, metrics, service }: ObserveOptions) => {
  if (!logger || !metrics) throw new Error("observe(): logger and metrics are required");
  const tracer = trace.getTracer(service);
  return {
    begin: <C>(method: string, headers: C, getter: TextMapGetter<C>): Observation => {
      const started = performance.now();
      const parent = propagation.extract(context.active(), headers, getter);
      const span = tracer.startSpan(method, { kind: SpanKind.SERVER }, parent);
      return {
        context: trace.setSpan(parent, span),
        end: (route, status, requestId) => {
          if (span.isRecording()) {
            span.updateName(`${method} ${route}`);
            span.setAttributes({
              "http.request.method": method,
              "http.route": route,
              "http.response.status_code": status,
            });
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
        },
      };
    },
  };
};

export type Observer = ReturnType<typeof createObserver>;

/** Hono middleware: observes every request (`createObserver`), and gives it a logger bound to its id. */
export const observe = (options: ObserveOptions): MiddlewareHandler<BaseEnv> => {
  const observer = createObserver(options);
  return async (c, next) => {
    const requestId = c.get("requestId");
    c.set("logger", lazyChildLogger(options.logger, { requestId }));
    const observation = observer.begin(c.req.method, c.req.raw.headers, headerGetter);
    await context.with(observation.context, next);
    const status = c.res.status;
    observation.end(c.req.routePath && status !== 404 ? c.req.routePath : "unmatched", status, requestId);
  };
};
