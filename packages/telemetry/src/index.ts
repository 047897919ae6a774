export { createMetrics, type Metrics } from "./metrics.ts";
export { startTracing, type Tracing, type TracingOptions } from "./tracing.ts";
