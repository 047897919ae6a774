import { type Context, context, propagation } from "@opentelemetry/api";
import { z } from "zod";

/**
 * W3C trace context (`traceparent`, `tracestate`) as carried in a job's payload, so the
 * worker's spans join the trace of the API request (or beat tick) that enqueued it. Empty
 * when the producer had no active span.
 */
export const TraceCarrier = z.record(z.string().max(64), z.string().max(512)).default({});
export type TraceCarrier = z.infer<typeof TraceCarrier>;

/** The active trace context, serialized with the global propagator (producers call this). */
export const currentTraceCarrier = (from: Context = context.active()): TraceCarrier => {
  const carrier: TraceCarrier = {};
  propagation.inject(from, carrier);
  return carrier;
};

/** The producer's context, to start the worker's span under (workers call this). */
export const traceContextOf = (carrier: TraceCarrier): Context => propagation.extract(context.active(), carrier);
