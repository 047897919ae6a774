export { createMetrics, type Metrics } from "./metrics.ts";
export { startTracing, type TracingOptions } from "./tracing.ts";
