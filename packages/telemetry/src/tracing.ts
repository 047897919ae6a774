import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";

export type TracingOptions = {
  service: string;
  /** OTLP/HTTP endpoint; when absent nothing is exported but context still propagates. */
  otlpEndpoint?: string | undefined;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
};

/** What a process keeps of its tracing: flush and stop on shutdown. */
export type Tracing = { shutdown(): Promise<void> };

/**
 * Starts the OpenTelemetry SDK: a global tracer provider and the W3C trace-context
 * propagator, so spans started by our HTTP middleware (and later queue hops) join the
 * caller's trace. Exporters stay off unless an endpoint is configured.
 *
 * The SDK is imported here, on first call, rather than by the package index: loading
 * @opentelemetry/sdk-node costs a process ~50 MiB of RSS, which processes that only use
 * the metrics registry (the operator) should not pay.
 */
export const startTracing = async ({
  service,
  otlpEndpoint,
  spanProcessors = [],
}: TracingOptions): Promise<Tracing> => {
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const processors = [...spanProcessors];
  if (otlpEndpoint) {
    const [{ BatchSpanProcessor }, { OTLPTraceExporter }] = await Promise.all([
      import("@opentelemetry/sdk-trace-base"),
      import("@opentelemetry/exporter-trace-otlp-http"),
    ]);
    processors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/$/, "")}/v1/traces` })),
    );
  }
  const sdk = new NodeSDK({
    serviceName: service,
    spanProcessors: processors,
    // Metrics go through prom-client; no auto-instrumentation (our middleware makes the spans).
    instrumentations: [],
  });
  sdk.start();
  return sdk;
};
