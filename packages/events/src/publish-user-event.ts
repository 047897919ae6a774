import type { Redis } from "ioredis";
import { parseUserEvent, type UserEvent } from "./user-event.ts";
import { BACKLOG_MAX_LENGTH, BACKLOG_TTL_SECONDS, userEventStreamKey } from "./user-event-stream.ts";

/**
 * Appends an event to the person's stream and returns its id (the SSE `id:`). The payload is
 * checked against its schema first (a ZodError otherwise, nothing stored). Every API replica
 * reading that stream delivers it; the last ~1000 stay for clients that reconnect.
 */
export const publishUserEvent = async (
  redis: Redis,
  prefix: string,
  userId: string,
  event: UserEvent,
): Promise<string> => {
  const { type, data } = parseUserEvent(event);
  const key = userEventStreamKey(prefix, userId);
  const results = await redis
    .multi()
    .xadd(key, "MAXLEN", "~", BACKLOG_MAX_LENGTH, "*", "type", type, "data", JSON.stringify(data))
    .expire(key, BACKLOG_TTL_SECONDS)
    .exec();
  const [error, id] = results?.[0] ?? [new Error("transaction aborted")];
  if (error) throw error;
  return id as string;
};
