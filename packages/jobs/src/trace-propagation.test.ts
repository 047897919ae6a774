import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTracing, type Tracing } from "@fincoach/telemetry";
import { createTestRedis, type TestRedis } from "@fincoach/testing";
import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Worker } from "bullmq";
import { enqueueSyncMailbox } from "./enqueue.ts";
import { createJobQueue } from "./job-queues.ts";
import { startJobWorker } from "./job-worker.ts";
import { currentTraceCarrier } from "./trace-carrier.ts";

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
let tracing: Tracing;
let r: TestRedis;
before(async () => {
  tracing = await startTracing({ service: "jobs-test", spanProcessors: [processor] });
  r = await createTestRedis();
});
after(async () => {
  await r.cleanup();
  await tracing.shutdown();
});

test("the worker's span continues the producer's trace, and spans inside the job are its children", async () => {
  const connection = r.redis.duplicate({ maxRetriesPerRequest: null });
  const syncQueue = `sync-${crypto.randomUUID()}`;
  const where = { connection, redisPrefix: r.prefix, syncQueue };
  const queue = createJobQueue("sync", where);
  let worker: Worker | undefined;
  try {
    const request = trace.getTracer("api").startSpan("POST /v1/connections/:id/sync");
    const carrier = context.with(trace.setSpan(context.active(), request), () => currentTraceCarrier());
    request.end();
    assert.match(carrier.traceparent ?? "", new RegExp(`^00-${request.spanContext().traceId}-`));
    const ids = { jobId: crypto.randomUUID(), userId: crypto.randomUUID(), connectionId: crypto.randomUUID() };
    const inner = new Promise<string>((resolve) => {
      worker = startJobWorker(
        "sync",
        {
          "sync-mailbox": async () => {
            const span = trace.getTracer("worker").startSpan("fetch batch");
            span.end();
            resolve(span.spanContext().traceId);
          },
        },
        where,
      );
    });
    await enqueueSyncMailbox(queue, { ...ids, trace: carrier });
    assert.equal(await inner, request.spanContext().traceId);
    await processor.forceFlush();
    const consumer = exporter.getFinishedSpans().find((s) => s.name === "sync sync-mailbox");
    assert.equal(consumer?.spanContext().traceId, request.spanContext().traceId);
    assert.equal(consumer?.parentSpanContext?.spanId, request.spanContext().spanId);
  } finally {
    await worker?.close();
    await queue.close();
    connection.disconnect();
  }
});
