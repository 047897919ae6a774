import { eventually } from "@fincoach/testing";
import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * A test's SSE client over a real socket: what it received so far, parsed with
 * eventsource-parser (events and comments), and `close()` to hang up like a browser tab.
 */
export const openSse = async (url: string, opts: { token?: string; lastEventId?: string } = {}) => {
  const headers: Record<string, string> = { accept: "text/event-stream" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.lastEventId) headers["last-event-id"] = opts.lastEventId;
  const hangUp = new AbortController();
  const res = await fetch(url, { headers, signal: hangUp.signal });
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  let ended = false;
  if (res.ok && res.body) {
    const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of res.body as AsyncIterable<Uint8Array>)
          parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // Our own hang-up aborts the read.
      } finally {
        ended = true;
      }
    })();
  }
  return {
    status: res.status,
    headers: res.headers,
    /** The body of a refused request (problem+json). */
    json: async () => (res.ok ? undefined : res.json()),
    events,
    comments,
    ended: () => ended,
    /** Waits (with a deadline) until `n` events arrived; returns them all. */
    waitFor: (n: number) =>
      eventually(() => {
        if (events.length < n) throw new Error(`${events.length} of ${n} events: ${JSON.stringify(events)}`);
        return [...events];
      }, 15_000),
    close: () => hangUp.abort(),
  };
};
export type SseClient = Awaited<ReturnType<typeof openSse>>;
