import type { Redis } from "ioredis";

/** An event as stored: its stream id, its name, and its payload as JSON text (validated when published). */
export type StoredUserEvent = { id: string; type: string; data: string };

type XReadReply = Array<[key: string, entries: Array<[id: string, fields: string[]]>]> | null;

const toStored = ([id, fields]: [string, string[]]): StoredUserEvent => {
  const field = (name: string) => fields[fields.indexOf(name) + 1] ?? "";
  return { id, type: field("type"), data: field("data") };
};

/**
 * The person's events after `afterId`, oldest first, waiting up to `blockMs` for one to
 * arrive (an empty list when none did). `redis` is blocked meanwhile: give each reader a
 * connection of its own (`redis.duplicate()`), never the one requests share.
 */
export const readUserEvents = async (
  redis: Redis,
  key: string,
  afterId: string,
  { blockMs, count = 100 }: { blockMs: number; count?: number },
): Promise<StoredUserEvent[]> => {
  const reply = (await redis.xread("COUNT", count, "BLOCK", blockMs, "STREAMS", key, afterId)) as XReadReply;
  return reply?.[0]?.[1].map(toStored) ?? [];
};
