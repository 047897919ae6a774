import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** A service's Prometheus registry with process defaults and the HTTP request histogram. */
export type Metrics = {
  registry: Registry;
  httpRequestDuration: Histogram<"method" | "route" | "status">;
};

/**
 * One registry per service instance rather than prom-client's global, so tests can build
 * several apps in one process without "metric already registered" clashes.
 */
export const createMetrics = (service: string): Metrics => {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    // Finer at the low end: the API's p99 target is 25 ms.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, httpRequestDuration };
};
