import { readUserEvents } from "@fincoach/events";
import type { SSEStreamingApi } from "hono/streaming";
import type { Redis } from "ioredis";

export type PumpOptions = {
  stream: SSEStreamingApi;
  /** A connection of this stream's own: XREAD blocks it. */
  reader: Redis;
  key: string;
  after: string;
  heartbeatMs: number;
  /** Aborted when the client goes away or the process shuts down. */
  signal: AbortSignal;
};

/**
 * Writes the person's events to the SSE stream as they arrive, `id:` the stream entry id,
 * until `signal` aborts (the reader is then disconnected, which ends the blocked read).
 * A read that waited `heartbeatMs` for nothing writes a comment instead, so proxies and
 * load balancers don't close an idle connection, and a dead client is noticed.
 */
export const pumpUserEvents = async ({
  stream,
  reader,
  key,
  after,
  heartbeatMs,
  signal,
}: PumpOptions): Promise<void> => {
  let last = after;
  while (!signal.aborted) {
    const events = await readUserEvents(reader, key, last, { blockMs: heartbeatMs });
    if (signal.aborted) return;
    if (events.length === 0) await stream.write(": heartbeat\n\n");
    for (const e of events) {
      await stream.writeSSE({ id: e.id, event: e.type, data: e.data });
      last = e.id;
    }
  }
};
