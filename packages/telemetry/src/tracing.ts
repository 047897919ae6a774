import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";

export type TracingOptions = {
  service: string;
  /** OTLP/HTTP endpoint; when absent nothing is exported but context still propagates. */
  otlpEndpoint?: string | undefined;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
};

/**
 * Starts the OpenTelemetry SDK: a global tracer provider and the W3C trace-context
 * propagator, so spans started by our HTTP middleware (and later queue hops) join the
 * caller's trace. Exporters stay off unless an endpoint is configured.
 */
export const startTracing = ({ service, otlpEndpoint, spanProcessors = [] }: TracingOptions): NodeSDK => {
  const processors = [...spanProcessors];
  if (otlpEndpoint) {
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
