import { AppError, invalidField } from "@fincoach/errors";
import { isStreamId, resumePoint, userEventStreamKey } from "@fincoach/events";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { ApiContext } from "../../api-context.ts";
import { bearer, errorResponses, ProblemSchema } from "../../http/openapi-helpers.ts";
import { openStreamsOf } from "./open-streams-of.ts";
import { pumpUserEvents } from "./pump-user-events.ts";

const LastEventIdHeader = z.object({
  "last-event-id": z.string().optional().meta({
    // Header names are case-insensitive; the document names it as the validator reads it.
    description: "`Last-Event-ID`: the `id:` of the last event received; the stream resumes strictly after it.",
  }),
});

const route = createRoute({
  method: "get",
  path: "/v1/events",
  tags: ["events"],
  security: bearer,
  description:
    "The person's own events as Server-Sent Events (docs/events.md): `id:` a stream id, `event:` a name, " +
    "`data:` JSON. With `Last-Event-ID`, events after it are sent first; a `reset` event says some were " +
    "no longer held (refetch). A comment every ~15 s keeps idle connections open.",
  request: { headers: LastEventIdHeader },
  responses: {
    200: { description: "The event stream", content: { "text/event-stream": { schema: z.string() } } },
    ...errorResponses,
    429: {
      description: "The person already holds the most open streams allowed",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

/** `GET /v1/events`: a person's live events, resumable across reconnects and replicas. */
export const registerEventRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const userId = c.get("userId");
    const lastEventId = c.req.header("last-event-id") || undefined;
    if (lastEventId !== undefined && !isStreamId(lastEventId)) {
      throw invalidField("Last-Event-ID", "must be an event id this API sent (<ms>-<seq>)");
    }
    const ended = new AbortController();
    const release = openStreamsOf(deps).tryOpen(userId, () => ended.abort());
    if (!release) {
      throw new AppError(
        "LIMIT_EXCEEDED",
        `at most ${deps.config.events.maxStreamsPerPerson} open event streams per person; close one first`,
      );
    }
    const key = userEventStreamKey(deps.config.redisPrefix, userId);
    const start = await resumePoint(deps.redis, key, lastEventId).catch((e: unknown) => {
      release();
      throw e;
    });
    const logger = c.get("logger");
    // A connection of its own, named so CLIENT LIST shows whose stream holds it: XREAD BLOCK
    // holds it, and the shared connection serves every request.
    const reader = deps.redis.duplicate({ connectionName: `fincoach-events:${userId}` });
    reader.on("error", (e: Error) => logger.debug({ err: e.message }, "event stream redis error"));
    ended.signal.addEventListener("abort", () => reader.disconnect());
    // Proxies such as nginx buffer responses by default: an event would wait for the buffer.
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => ended.abort());
      try {
        if (start.missed) {
          await stream.writeSSE({ id: start.after, event: "reset", data: JSON.stringify({ reason: "missed" }) });
        }
        const { heartbeatMs } = deps.config.events;
        await pumpUserEvents({ stream, reader, key, after: start.after, heartbeatMs, signal: ended.signal });
      } catch (e) {
        // Redis went away mid-stream: end it; the client reconnects with Last-Event-ID and loses nothing.
        if (!ended.signal.aborted) logger.warn({ err: (e as Error).message }, "event stream ended by an error");
      } finally {
        ended.abort();
        release();
      }
    });
  });
};
