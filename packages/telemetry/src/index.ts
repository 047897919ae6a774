export { type ListeningServer, listenHttpServer } from "./listen-http-server.ts";
export { createMetrics, type Metrics } from "./metrics.ts";
export {
  METRICS_PATH,
  type MetricsServer,
  type MetricsServerOptions,
  serveMetrics,
  startMetricsServer,
} from "./metrics-server.ts";
export { startTracing, type Tracing, type TracingOptions } from "./tracing.ts";
