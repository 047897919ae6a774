import assert from "node:assert/strict";
import { test } from "node:test";
import { context, propagation, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { startTracing } from "./tracing.ts";

test("joins the caller's W3C trace and injects it into outgoing headers", async () => {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor(exporter);
  const sdk = await startTracing({ service: "test", spanProcessors: [processor] });
  const incoming = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
  const parent = propagation.extract(context.active(), incoming);
  const span = trace.getTracer("t").startSpan("work", {}, parent);
  const outgoing: Record<string, string> = {};
  context.with(trace.setSpan(parent, span), () => propagation.inject(context.active(), outgoing));
  span.end();
  assert.equal(span.spanContext().traceId, "0af7651916cd43dd8448eb211c80319c");
  assert.match(outgoing.traceparent ?? "", /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  await processor.forceFlush();
  assert.equal(exporter.getFinishedSpans()[0]?.name, "work");
  await sdk.shutdown();
});
